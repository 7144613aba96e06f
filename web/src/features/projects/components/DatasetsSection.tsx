import { Button, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ProjectDetail } from '../../../../../common/contracts';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { Section } from '../../../components/ui/Section';
import { AddDatasetModal } from './AddDatasetModal';

export function DatasetsSection({ detail }: { detail: ProjectDetail }) {
  const [adding, setAdding] = useState(false);

  return (
    <Section
      title="Datasets"
      actions={
        detail.abilities.manageDatasets && (
          <Button size="xs" onClick={() => setAdding(true)}>
            Add dataset
          </Button>
        )
      }
    >
      {detail.datasets.length === 0 ? (
        <EmptyNote>No datasets yet.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" aria-label="Datasets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Provider</Table.Th>
                <Table.Th>Representative</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.datasets.map((dataset) => (
                <Table.Tr key={dataset.id}>
                  <Table.Td>
                    {dataset.name}
                    {dataset.description && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {dataset.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{dataset.providerName}</Table.Td>
                  <Table.Td>{dataset.representativeName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddDatasetModal detail={detail} opened={adding} onClose={() => setAdding(false)} />
    </Section>
  );
}
