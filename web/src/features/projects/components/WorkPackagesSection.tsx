import { Anchor, Button, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ProjectDetail } from '../../../../../common/contracts';
import { linkProps } from '../../../lib/navigation';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { TierBadge } from '../../../components/ui/TierBadge';
import { WORK_PACKAGE_KIND_LABELS } from '../../../../../common/vocab/statuses';
import { AddWorkPackageModal } from './AddWorkPackageModal';
import { paths } from '../../../lib/paths';

export function WorkPackagesSection({ detail }: { detail: ProjectDetail }) {
  const [adding, setAdding] = useState(false);

  return (
    <Section
      title="Work packages"
      actions={
        detail.abilities.addWorkPackage && (
          <Button size="xs" onClick={() => setAdding(true)}>
            Add egress work package
          </Button>
        )
      }
    >
      {detail.workPackages.length === 0 ? (
        <EmptyNote>No work packages yet.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Work packages">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Tier</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.workPackages.map((wp) => (
                <Table.Tr key={wp.id}>
                  <Table.Td>
                    <Anchor fw={500} {...linkProps(paths.workPackage(wp.id))}>
                      {wp.name}
                    </Anchor>
                    {wp.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {wp.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{WORK_PACKAGE_KIND_LABELS[wp.kind]}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={wp.status} />
                  </Table.Td>
                  <Table.Td>
                    <TierBadge tier={wp.tier} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddWorkPackageModal projectId={detail.project.id} opened={adding} onClose={() => setAdding(false)} />
    </Section>
  );
}
