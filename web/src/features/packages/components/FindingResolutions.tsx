import { Badge, Table, Text } from '@mantine/core';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { formatDateTime } from '../../../lib/format';
import { useFindingResolutions } from '../../../lib/package-approval';

/**
 * The overrides of blocking findings and the acknowledgements of review-level findings on the
 * package (issue 10 §4): which file and rule, who answered, their justification or note, when.
 * An answer to an earlier version of a file is marked: it no longer applies.
 */
export function FindingResolutions({ packageId }: { packageId: string }) {
  const resolutions = useFindingResolutions(packageId);
  return (
    <Section title="Overrides and acknowledgements">
      <QueryState query={resolutions} rows={2}>
        {({ resolutions: list }) =>
          list.length === 0 ? (
            <EmptyNote>No finding has been overridden or acknowledged.</EmptyNote>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" fz="sm" aria-label="Overrides and acknowledgements" data-testid="finding-resolutions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Answer</Table.Th>
                    <Table.Th>File and rule</Table.Th>
                    <Table.Th>Justification or note</Table.Th>
                    <Table.Th>By</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((r) => (
                    <Table.Tr key={`${r.kind}-${r.fileVersionId}-${r.findingKey}-${r.by.id}`} data-kind={r.kind}>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={r.kind === 'override' ? 'orange' : 'blue'}>
                          {r.kind === 'override' ? 'Override' : 'Acknowledged'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                          {r.path}
                        </Text>
                        <Text size="xs" c="dimmed">
                          v{r.versionNumber} · {r.rule}
                          {!r.current && ' · earlier version, no longer applies'}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={420} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                        {r.text || '—'}
                      </Table.Td>
                      <Table.Td>
                        {r.by.name}
                        <Text size="xs" c="dimmed">
                          {formatDateTime(r.at)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Section>
  );
}
