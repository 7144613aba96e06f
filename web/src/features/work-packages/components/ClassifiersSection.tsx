import { Badge, List, Table, Text } from '@mantine/core';
import type { WorkPackageDetail } from '../../../../../common/contracts';
import { PROJECT_ROLE_LABELS } from '../../../../../common/vocab';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { Section } from '../../../components/ui/Section';

/** Who classifies this work package, who has submitted, and what the classification still waits for. */
export function ClassifiersSection({ detail }: { detail: WorkPackageDetail }) {
  return (
    <Section title="Classifiers">
      {detail.classifiers.length === 0 ? (
        <EmptyNote>No classifiers yet: add an investigator and data provider representatives to the project.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" aria-label="Classifiers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Required</Table.Th>
                <Table.Th>Submitted</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.classifiers.map((c) => (
                <Table.Tr key={c.userId}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{PROJECT_ROLE_LABELS[c.role]}</Table.Td>
                  <Table.Td>{c.required === null ? 'Shown once you classify' : c.required ? 'Required' : 'Optional'}</Table.Td>
                  <Table.Td>
                    {c.submitted ? (
                      <Text span c="teal.8" fw={700} aria-label="Submitted">
                        ✓
                      </Text>
                    ) : (
                      <Text span c="dimmed" aria-label="Not submitted">
                        —
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {detail.refereeRequired && (
        <Badge variant="light" color="grape" w="fit-content">
          {detail.refereeApprovalRequired ? 'A referee is required, approved by every data provider representative' : 'A referee is required'}
        </Badge>
      )}
      <div>
        <Text size="sm" fw={600} id="waiting-for">
          Waiting for
        </Text>
        {detail.waitingFor.length === 0 ? (
          <EmptyNote>
            {detail.workPackage.status === 'classified'
              ? 'Nothing: the tier is set.'
              : detail.refereeRequired === null
                ? 'Anything else still needed is shown once you have given your opinion.'
                : 'Nothing.'}
          </EmptyNote>
        ) : (
          <List size="sm" spacing={2} aria-labelledby="waiting-for">
            {detail.waitingFor.map((w, i) => (
              <List.Item key={`${w.kind}-${w.userId ?? w.refereeId ?? i}`}>{w.description}</List.Item>
            ))}
          </List>
        )}
      </div>
    </Section>
  );
}
