/**
 * What a redaction changed (or would change): the count, each change with its place (never a
 * value), and the notes on what could not be done as asked.
 */
import { Alert, List, Stack, Text } from '@mantine/core';
import type { RedactionOutcomeInfo } from '../../../../common/contracts/redaction.contract';
import { describeLocation } from '../package/FindingsTable';

export function RedactionOutcomeView({ outcome, label = 'Changes' }: { outcome: RedactionOutcomeInfo; label?: string }) {
  const shown = outcome.changes.length;
  return (
    <Stack gap={6} data-testid="redaction-outcome" data-change-count={outcome.changeCount}>
      <Text size="sm" fw={600}>
        {outcome.changeCount === 0 ? 'Nothing to change.' : `${outcome.changeCount} ${outcome.changeCount === 1 ? 'change' : 'changes'}`}
        {shown < outcome.changeCount && ` (the first ${shown} listed)`}
      </Text>
      {shown > 0 && (
        <List size="sm" spacing={2} aria-label={label} data-testid="redaction-changes" style={{ maxHeight: 220, overflowY: 'auto' }}>
          {outcome.changes.map((c, i) => (
            <List.Item key={i}>
              {describeLocation(c.location) && (
                <Text span size="sm" c="dimmed">
                  {describeLocation(c.location)}:{' '}
                </Text>
              )}
              {c.change}
            </List.Item>
          ))}
        </List>
      )}
      {outcome.notes.length > 0 && (
        <Alert color="yellow" p="xs" title="Not everything could be done" data-testid="redaction-notes">
          <Stack gap={2}>
            {outcome.notes.map((note, i) => (
              <Text key={i} size="sm">
                {note}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
