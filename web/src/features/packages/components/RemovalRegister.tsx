import { Badge, Table, Text } from '@mantine/core';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { Section } from '../../../components/ui/Section';
import { formatDateTime } from '../../../lib/format';

/**
 * The register of temporarily removed items: what was taken out, why, by whom and when, and
 * when it went back in (with the version that was reinstated, e.g. a redacted one).
 */
export function RemovalRegister({ pkg }: { pkg: Package }) {
  return (
    <Section title="Removal register">
      {pkg.removals.length === 0 ? (
        <EmptyNote>Nothing has been removed temporarily.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" fz="sm" aria-label="Removal register" data-testid="removal-register">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Path</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Removed</Table.Th>
                <Table.Th>Reinstated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pkg.removals.map((r) => (
                <Table.Tr key={r.id} data-testid="removal-row" data-path={r.path} data-reinstated={r.reinstatedAt !== null}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {r.path}
                    </Text>
                  </Table.Td>
                  <Table.Td>v{r.versionNumber}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }} maw={320}>
                    {r.reason}
                  </Table.Td>
                  <Table.Td>
                    {r.removedBy}
                    <Text size="xs" c="dimmed">
                      {formatDateTime(r.removedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {r.reinstatedAt ? (
                      <>
                        {r.reinstatedBy ?? '—'}
                        <Text size="xs" c="dimmed">
                          {formatDateTime(r.reinstatedAt)}
                          {r.reinstatedVersion !== null && ` · v${r.reinstatedVersion}`}
                        </Text>
                      </>
                    ) : (
                      <Badge size="sm" color="orange" variant="light">
                        Still removed
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
