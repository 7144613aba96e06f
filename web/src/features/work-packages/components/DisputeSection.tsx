import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { z } from 'zod';
import type { WorkPackageDetail } from '../../../../../common/contracts';
import { discussionRequestSchema } from '../../../../../common/contracts/work-packages.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { contractValidator } from '../../../lib/contract-form';
import { formatDateTime, formatTier } from '../../../lib/format';
import { useDiscuss, useResolveDispute } from '../../../lib/work-packages';

/**
 * A disputed work package: the classifiers discuss what caused the difference and may revise
 * their opinions; if they still disagree, the highest tier proposed applies (docs/design.md §3.3).
 * Also shows past discussion once the dispute is over.
 */
export function DisputeSection({ detail }: { detail: WorkPackageDetail }) {
  const disputed = detail.workPackage.status === 'disputed';
  return (
    <Section title={disputed ? 'Dispute' : 'Discussion'}>
      {disputed && (
        <Alert color="orange" variant="light" title="The required classifiers disagree">
          Discuss what caused the difference below; anyone may revise their opinion. If you still disagree, the highest tier proposed
          {detail.highestTier !== null ? ` (${formatTier(detail.highestTier)})` : ''} applies.
        </Alert>
      )}
      <DiscussionList detail={detail} />
      {detail.abilities.discuss && <DiscussionForm wpId={detail.workPackage.id} />}
      {disputed && detail.abilities.resolveDispute && detail.highestTier !== null && <ResolveButton wpId={detail.workPackage.id} version={detail.workPackage.version} tier={detail.highestTier} />}
    </Section>
  );
}

function DiscussionList({ detail }: { detail: WorkPackageDetail }) {
  if (detail.discussion.length === 0) return <EmptyNote>Nobody has written anything yet.</EmptyNote>;
  return (
    <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Discussion">
      {detail.discussion.map((entry) => (
        <Paper component="li" key={entry.id} withBorder p="sm" radius="sm">
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600}>
              {entry.authorName}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.createdAt)} · round {entry.round}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {entry.message}
          </Text>
          {entry.cause && (
            <Text size="sm" mt={4}>
              <Text span fw={600}>
                Cause of the difference:
              </Text>{' '}
              {entry.cause}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

interface DiscussionValues {
  message: string;
  cause: string;
}

/** The entry as the contract takes it: an empty cause is left out. */
const toDiscussion = (values: DiscussionValues): z.input<typeof discussionRequestSchema> => ({
  message: values.message,
  ...(values.cause.trim() ? { cause: values.cause } : {}),
});

const tooLong = (max: number) => `At most ${max} characters`;

function DiscussionForm({ wpId }: { wpId: string }) {
  const discuss = useDiscuss(wpId);
  const form = useForm<DiscussionValues>({
    initialValues: { message: '', cause: '' },
    validate: contractValidator(discussionRequestSchema, toDiscussion, { message: (r) => (r.message.trim() ? tooLong(8000) : 'Write a message'), cause: tooLong(2000) }),
  });
  const submit = (values: DiscussionValues) => discuss.mutate(discussionRequestSchema.parse(toDiscussion(values)), { onSuccess: () => form.reset() });
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate aria-label="Add to the discussion">
      <Stack gap="xs">
        <ErrorAlert ignoreConflicts error={discuss.error} title="Could not post the message" />
        <Textarea label="Message" withAsterisk autosize minRows={3} {...form.getInputProps('message')} />
        <TextInput label="Cause of the difference" description="Optional: what you think made the opinions differ." {...form.getInputProps('cause')} />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={discuss.isPending} disabled={discuss.isPending}>
            Post message
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResolveButton({ wpId, version, tier }: { wpId: string; version: number; tier: number }) {
  const resolve = useResolveDispute(wpId);
  const [confirming, setConfirming] = useState(false);

  return (
    <>
      <ErrorAlert ignoreConflicts error={resolve.error} title="Could not resolve the dispute" />
      <Group>
        <Button color="orange" onClick={() => setConfirming(true)} disabled={resolve.isPending}>
          {`Apply highest tier (${tier})`}
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Apply the highest tier?">
        <Stack>
          <Text size="sm">
            The work package will be classified as <strong>{formatTier(tier)}</strong>, the highest tier proposed. The discussion and every opinion stay in the record.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="orange" loading={resolve.isPending} disabled={resolve.isPending} onClick={() => resolve.mutate({ version }, { onSettled: () => setConfirming(false) })}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
