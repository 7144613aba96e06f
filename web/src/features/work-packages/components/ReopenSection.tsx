import { Alert, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { z } from 'zod';
import type { WorkPackageDetail } from '../../../../../common/contracts';
import { reopenRequestSchema } from '../../../../../common/contracts/work-packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { TierBadge } from '../../../components/ui/TierBadge';
import { contractValidator } from '../../../lib/contract-form';
import { formatDateTime } from '../../../lib/format';
import { useReopen } from '../../../lib/work-packages';
import { reopenConsequence } from '../reopen-consequence';

/** The shortest reason reopenRequestSchema takes (characters, after trimming). */
const MIN_REASON = 10;

/** Reopen a classified work package (history is kept) and list earlier reopenings, newest last. */
export function ReopenSection({ detail }: { detail: WorkPackageDetail }) {
  const canReopen = detail.abilities.reopen === true;
  if (!canReopen && detail.reopenings.length === 0) return null;
  return (
    <Section title="Reopening">
      {canReopen && <ReopenForm wpId={detail.workPackage.id} version={detail.workPackage.version} consequence={reopenConsequence(detail)} />}
      {detail.reopenings.length > 0 && (
        <Stack gap={6}>
          <Text size="sm" fw={600} id="reopenings">
            Reopenings
          </Text>
          <Stack component="ol" gap={6} p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="reopenings">
            {detail.reopenings.map((r) => (
              <Paper component="li" key={r.round} withBorder p="sm" radius="sm">
                <Group gap="xs" justify="space-between">
                  <Text size="sm" fw={600}>
                    Round {r.round}
                  </Text>
                  <Group gap={6}>
                    <Text size="xs" c="dimmed">
                      was
                    </Text>
                    <TierBadge tier={r.previousTier} size="sm" />
                  </Group>
                </Group>
                <Text size="xs" c="dimmed">
                  Reopened by {r.byName}, {formatDateTime(r.at)}
                </Text>
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                  {r.reason}
                </Text>
              </Paper>
            ))}
          </Stack>
        </Stack>
      )}
    </Section>
  );
}

function ReopenForm({ wpId, version, consequence }: { wpId: string; version: number; consequence: string | null }) {
  const reopen = useReopen(wpId);
  const toRequest = (values: { reason: string }): z.input<typeof reopenRequestSchema> => ({ reason: values.reason, version });
  const form = useForm({
    initialValues: { reason: '' },
    validate: contractValidator(reopenRequestSchema, toRequest, {
      reason: (r) => (r.reason.trim().length < MIN_REASON ? `Explain why in at least ${MIN_REASON} characters` : 'At most 4000 characters'),
    }),
  });
  const submit = (values: { reason: string }) => reopen.mutate(reopenRequestSchema.parse(toRequest(values)), { onSuccess: () => form.reset() });
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate aria-label="Reopen the classification">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          Reopening starts a new round of opinions. The current tier, every opinion and the discussion stay in the history.
        </Text>
        {consequence && (
          <Alert color="orange" variant="light" data-testid="reopen-consequence">
            {consequence}
          </Alert>
        )}
        <ErrorAlert ignoreConflicts error={reopen.error} title="Could not reopen" />
        <Textarea label="Reason for reopening" withAsterisk description={`At least ${MIN_REASON} characters.`} autosize minRows={2} {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button type="submit" color="orange" variant="light" loading={reopen.isPending} disabled={reopen.isPending}>
            Reopen
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
