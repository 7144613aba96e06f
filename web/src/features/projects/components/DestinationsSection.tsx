import { Button, Code, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ProjectDetail } from '../../../../../common/contracts';
import type { Destination } from '../../../../../common/contracts/destinations.contract';
import { DELIVERY_METHOD_LABELS, DESTINATION_LABELS } from '../../../../../common/vocab/destinations';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { useDestinations, useRetireDestination } from '../destinations.api';
import { RegisterDestinationModal } from './RegisterDestinationModal';

/** Where the project's releases may go (docs/delivery.md); registered and retired by the haven's managers. */
export function DestinationsSection({ detail }: { detail: ProjectDetail }) {
  const query = useDestinations(detail.project.id);
  const retire = useRetireDestination(detail.project.id);
  const [registering, setRegistering] = useState(false);
  const manage = query.data?.abilities.manage === true;

  return (
    <Section
      title="Destinations"
      actions={
        manage && (
          <Button size="xs" onClick={() => setRegistering(true)}>
            Register destination
          </Button>
        )
      }
    >
      <QueryState query={query} rows={3}>
        {(list) => (
          <>
            <ErrorAlert error={retire.error} title="Could not retire the destination" />
            {list.destinations.length === 0 ? (
              <Text size="sm" c="dimmed">
                No destination is registered: a package cannot be released until one is chosen.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing={4} fz="sm" aria-label="Registered destinations" data-testid="destinations">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Kind</Table.Th>
                      <Table.Th>Delivery</Table.Th>
                      <Table.Th>Contact</Table.Th>
                      <Table.Th>Recipient key</Table.Th>
                      {manage && <Table.Th />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.destinations.map((d) => (
                      <DestinationRow key={d.id} destination={d} manage={manage} retiring={retire.isPending && retire.variables === d.id} onRetire={() => retire.mutate(d.id)} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {manage && <RegisterDestinationModal projectId={detail.project.id} options={list.options} opened={registering} onClose={() => setRegistering(false)} />}
          </>
        )}
      </QueryState>
    </Section>
  );
}

function DestinationRow({ destination: d, manage, retiring, onRetire }: { destination: Destination; manage: boolean; retiring: boolean; onRetire: () => void }) {
  return (
    <Table.Tr>
      <Table.Td>{d.name}</Table.Td>
      <Table.Td>{DESTINATION_LABELS[d.kind]}</Table.Td>
      <Table.Td>
        {DELIVERY_METHOD_LABELS[d.method]}
        {d.target && <Code ml={4}>{d.target}</Code>}
      </Table.Td>
      <Table.Td>{d.contactEmail}</Table.Td>
      <Table.Td>
        {d.recipientKeyFingerprint ? (
          <Code title={d.recipientKey ?? undefined}>{d.recipientKeyFingerprint}</Code>
        ) : (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
      </Table.Td>
      {manage && (
        <Table.Td>
          <Button size="compact-xs" variant="subtle" color="red" loading={retiring} onClick={onRetire}>
            Retire
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
