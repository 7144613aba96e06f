import { Badge, Table, Text } from '@mantine/core';
import type { Finding, FindingLocation } from '../../../../common/contracts/scan.contract';
import { EmptyNote } from '../ui/EmptyNote';
import { FAMILY_LABELS, SEVERITY_COLORS, SEVERITY_LABELS } from '../../lib/package-format';

const LOCATION_PARTS: [keyof FindingLocation, string][] = [
  ['entry', 'entry'],
  ['sheetIndex', 'sheet'],
  ['sheet', 'sheet name'],
  ['cell', 'cell'],
  ['page', 'page'],
  ['line', 'line'],
  ['row', 'row'],
  ['column', 'column'],
  ['cellIndex', 'notebook cell'],
  ['part', 'part'],
  ['field', 'field'],
];

/** "line 4, column 12"; "sheet 2, sheet name R••••, cell B7"; an empty string when the finding has no place. */
export function describeLocation(location: FindingLocation | undefined): string {
  if (!location) return '';
  return LOCATION_PARTS.filter(([key]) => location[key] !== undefined)
    .map(([key, label]) => `${label} ${location[key]}`)
    .join(', ');
}

const ORDER = { block: 0, review: 1, info: 2 } as const;

/** The findings of one file (or archive entry), worst first. */
export function FindingsTable({ findings, label, empty = 'No findings.' }: { findings: Finding[]; label: string; empty?: string }) {
  if (findings.length === 0) return <EmptyNote>{empty}</EmptyNote>;
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={4} fz="sm" aria-label={label} data-testid="findings-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Family</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Where</Table.Th>
            <Table.Th>Message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((f, i) => (
            <Table.Tr key={i} data-severity={f.severity}>
              <Table.Td>
                <Badge size="sm" color={SEVERITY_COLORS[f.severity]} variant="light">
                  {SEVERITY_LABELS[f.severity]}
                </Badge>
              </Table.Td>
              <Table.Td>{FAMILY_LABELS[f.family]}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {f.rule}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{describeLocation(f.location) || '—'}</Table.Td>
              <Table.Td>
                {f.message}
                {f.tierHint !== undefined && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    (suggests tier {f.tierHint})
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
