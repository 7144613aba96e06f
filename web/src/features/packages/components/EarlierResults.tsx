import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { SupersededCheckResult } from '../../../../../common/contracts/superseded-results.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useSupersededResults } from '../../../lib/packages';
import { countFindings } from '../../../lib/findings-view';
import { VERDICT_COLORS, VERDICT_LABELS } from '../../../lib/package-format';
import { describeSupersession } from '../superseded-view';
import { EntryList } from '../../../components/package/EntryList';
import { FindingsTable } from '../../../components/package/FindingsTable';

interface EarlierResultsProps {
  packageId: string;
  fileId: string;
  version: number;
}

/**
 * The results of a file version that re-checks set aside, one click away under the current
 * result: preset, verdict, when, by whom and why, each expandable to its findings. Nothing is
 * shown while the version was never re-checked.
 */
export function EarlierResults({ packageId, fileId, version }: EarlierResultsProps) {
  const [shown, setShown] = useState(false);
  const earlier = useSupersededResults(packageId, fileId, version);
  if (earlier.isError) return <ErrorAlert error={earlier.error} title="Could not load the earlier results" onRetry={() => void earlier.refetch()} />;
  if (earlier.isPending || earlier.data.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="earlier-results">
      <Group>
        <Button size="compact-sm" variant="subtle" aria-expanded={shown} onClick={() => setShown(!shown)}>
          {shown ? 'Hide earlier results' : `Earlier results (${earlier.data.length})`}
        </Button>
      </Group>
      {shown && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Earlier results">
          {earlier.data.map((result) => (
            <EarlierResult key={result.id} result={result} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function EarlierResult({ result }: { result: SupersededCheckResult }) {
  const [open, setOpen] = useState(false);
  const findings = countFindings(result.result);
  return (
    <Paper component="li" withBorder p="sm" radius="sm" data-testid="earlier-result">
      <Stack gap={6}>
        <Group gap="xs">
          <Badge color={VERDICT_COLORS[result.result.verdict]} variant="light" data-verdict={result.result.verdict}>
            {VERDICT_LABELS[result.result.verdict]}
          </Badge>
          <Text size="sm">
            Preset {result.preset}, version {result.toolVersion} · {findings} {findings === 1 ? 'finding' : 'findings'}
            {result.result.status !== 'checked' && ` · ${result.result.status}`}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {describeSupersession(result)}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          Reason: {result.reason}
        </Text>
        {findings > 0 && (
          <Group>
            <Button size="compact-xs" variant="subtle" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Hide findings' : 'Show findings'}
            </Button>
          </Group>
        )}
        {open && (
          <Stack gap="xs">
            <FindingsTable findings={result.result.findings} label={`Findings under preset ${result.preset}`} empty="No findings on the file itself; see the entries inside." />
            {result.result.entries.length > 0 && (
              <>
                <Title order={4} size="h6">
                  Entries inside
                </Title>
                <EntryList entries={result.result.entries} />
              </>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
