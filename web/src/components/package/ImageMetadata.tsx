import { Badge, Stack, Table, Title } from '@mantine/core';
import type { ScannedEntry } from '../../../../common/contracts/scan.contract';
import { EmptyNote } from '../ui/EmptyNote';
import { SEVERITY_COLORS, SEVERITY_LABELS } from '../../lib/package-format';

/** An image's metadata findings (EXIF, XMP, IPTC, comments) as a table of part and field. */
export function ImageMetadata({ entry }: { entry: ScannedEntry }) {
  const metadata = entry.findings.filter((f) => f.family === 'metadata' || f.location?.field !== undefined);
  return (
    <Stack gap={6}>
      <Title order={3} size="h5">
        Image metadata
      </Title>
      {metadata.length === 0 ? (
        <EmptyNote>No metadata findings: nothing identifying was found in the image's metadata.</EmptyNote>
      ) : (
        <Table fz="sm" verticalSpacing={4} aria-label="Image metadata" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Block</Table.Th>
              <Table.Th>Field</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>What was found</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {metadata.map((f, i) => (
              <Table.Tr key={i}>
                <Table.Td>{f.location?.part ?? '—'}</Table.Td>
                <Table.Td ff="monospace">{f.location?.field ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge size="sm" color={SEVERITY_COLORS[f.severity]} variant="light">
                    {SEVERITY_LABELS[f.severity]}
                  </Badge>
                </Table.Td>
                <Table.Td>{f.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
