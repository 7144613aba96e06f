import { Anchor, Badge, Breadcrumbs, Button, Checkbox, Group, List, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { OutputAreaEntry, OutputAreaFileStatusName } from '../../../../../common/contracts/output-area.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { formatBytes } from '../../../lib/package-format';
import { OUTPUT_AREA_STATUS_LABELS, UNAVAILABLE_REASONS, useImportFromOutputArea, useOutputArea } from '../output-area.api';

const STATUS_COLORS = {
  new: 'teal',
  in_package: 'gray',
  changed: 'yellow',
  in_other_package: 'orange',
  released: 'grape',
} as const satisfies Record<OutputAreaFileStatusName, string>;

const OUTCOME_WORDS = { added: 'added', unchanged: 'already in the package, unchanged', refused: 'refused', skipped: 'skipped' } as const;

/** Browse the project's output area folder by folder and copy chosen files or folders into the package. */
export function OutputAreaSection({ projectId, packageId }: { projectId: string; packageId: string }) {
  const [path, setPath] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const area = useOutputArea(projectId, packageId, path);
  const importer = useImportFromOutputArea(packageId);
  const entries = area.data?.pages.flatMap((page) => page.entries) ?? [];
  const total = area.data?.pages[0]?.total ?? entries.length;
  const parts = path.split('/').filter(Boolean);

  const open = (next: string) => {
    setPath(next);
    setSelected(new Set());
  };
  const toggle = (entry: OutputAreaEntry, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(entry.path);
      else next.delete(entry.path);
      return next;
    });

  if (area.isError && area.error instanceof ApiError && area.error.code === 'output_area.not_configured') {
    return <EmptyNote>This project has no output area configured. Upload files instead.</EmptyNote>;
  }

  return (
    <Stack gap="sm">
      <Breadcrumbs aria-label="Output area folder">
        <Anchor component="button" type="button" size="sm" onClick={() => open('')}>
          Output area
        </Anchor>
        {parts.map((part, i) => (
          <Anchor key={i} component="button" type="button" size="sm" onClick={() => open(parts.slice(0, i + 1).join('/'))}>
            {part}
          </Anchor>
        ))}
      </Breadcrumbs>
      {area.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : area.isError && entries.length === 0 ? (
        <ErrorAlert error={area.error} onRetry={() => void area.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyNote>This folder is empty.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} fz="sm" aria-label="Output area" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={32} />
                <Table.Th>Name</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Modified</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.path} data-testid="output-area-entry" data-path={entry.path} data-status={entry.status ?? ''}>
                  <Table.Td>
                    {entry.kind !== 'unavailable' && (
                      <Checkbox
                        aria-label={`Select ${entry.name}`}
                        checked={selected.has(entry.path)}
                        disabled={entry.status === 'in_package'}
                        onChange={(e) => toggle(entry, e.currentTarget.checked)}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {entry.kind === 'folder' ? (
                      <UnstyledButton onClick={() => open(entry.path)} aria-label={`Open folder ${entry.name}`}>
                        <Text size="sm" c="indigo.7" fw={500}>
                          {entry.name}/
                        </Text>
                      </UnstyledButton>
                    ) : (
                      <Text size="sm" ff="monospace" c={entry.kind === 'unavailable' ? 'dimmed' : undefined}>
                        {entry.name}
                        {entry.link && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            (link)
                          </Text>
                        )}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{entry.bytes !== null ? formatBytes(entry.bytes) : ''}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{entry.modifiedAt ? formatDateTime(entry.modifiedAt) : ''}</Table.Td>
                  <Table.Td>
                    {entry.kind === 'unavailable' ? (
                      <Text size="xs" c="dimmed">
                        {entry.reason ? UNAVAILABLE_REASONS[entry.reason] : 'Unavailable'}
                      </Text>
                    ) : (
                      entry.status && (
                        <Group gap={4}>
                          <Badge size="sm" variant="light" color={STATUS_COLORS[entry.status]}>
                            {OUTPUT_AREA_STATUS_LABELS[entry.status]}
                          </Badge>
                          {entry.status === 'in_other_package' && entry.packages.length > 0 && (
                            <Text size="xs" c="dimmed">
                              {entry.packages.map((p) => p.name).join(', ')}
                            </Text>
                          )}
                        </Group>
                      )
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {area.hasNextPage && (
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Showing {entries.length} of {total}
          </Text>
          <Button size="xs" variant="default" onClick={() => void area.fetchNextPage()} loading={area.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
      <ErrorAlert error={importer.error} title="Nothing was added" />
      {importer.data && importer.data.results.length > 0 && (
        <Stack gap={4}>
          <Text size="sm">
            {importer.data.counts.added} added, {importer.data.counts.unchanged} unchanged, {importer.data.counts.refused} refused, {importer.data.counts.skipped} skipped.
          </Text>
          <List size="sm" spacing={2} aria-label="What became of each path">
            {importer.data.results
              .filter((r) => r.outcome === 'refused' || r.outcome === 'skipped' || importer.data.results.length <= 20)
              .map((r) => (
                <List.Item key={r.path} c={r.outcome === 'refused' ? 'red' : undefined}>
                  <Text span ff="monospace" size="sm">
                    {r.path}
                  </Text>
                  : {OUTCOME_WORDS[r.outcome]}
                  {r.message ? ` (${r.message})` : ''}
                </List.Item>
              ))}
          </List>
        </Stack>
      )}
      <Group justify="flex-end">
        <Button size="xs" disabled={selected.size === 0 || importer.isPending} loading={importer.isPending} onClick={() => importer.mutate([...selected], { onSuccess: () => setSelected(new Set()) })}>
          Add selected{selected.size > 0 ? ` (${selected.size})` : ''}
        </Button>
      </Group>
    </Stack>
  );
}
