import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ScannedEntry } from '../../../../common/contracts/scan.contract';
import { entryLabel } from '../../lib/findings-view';
import { VERDICT_COLORS, VERDICT_LABELS, formatBytes } from '../../lib/package-format';
import { FindingsTable } from './FindingsTable';

/** Archive or container entries, each with its own verdict and findings, nested as stored. */
export function EntryList({ entries }: { entries: ScannedEntry[] }) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {entries.map((entry) => (
        <Paper component="li" key={`${entry.path}:${entry.sha256}`} withBorder p="sm" radius="sm" data-testid="archive-entry">
          <Group gap="xs" mb={entry.findings.length > 0 || entry.entries.length > 0 ? 'xs' : 0}>
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }} title={entry.path}>
              {entryLabel(entry.path)}
            </Text>
            <Badge size="sm" color={VERDICT_COLORS[entry.verdict]} variant="light">
              {VERDICT_LABELS[entry.verdict]}
            </Badge>
            <Text size="xs" c="dimmed">
              {entry.mediaType} · {formatBytes(entry.bytes)}
              {entry.status !== 'checked' && ` · ${entry.status}${entry.reason ? `: ${entry.reason}` : ''}`}
            </Text>
          </Group>
          {entry.findings.length > 0 && <FindingsTable findings={entry.findings} label={`Findings in ${entryLabel(entry.path)}`} />}
          {entry.entries.length > 0 && <EntryList entries={entry.entries} />}
        </Paper>
      ))}
    </Stack>
  );
}
