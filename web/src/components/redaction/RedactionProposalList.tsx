/**
 * Reviewers' redaction proposals (issue 13): each with its file, operation, reason, who proposed
 * it and where it stands, its diff on demand, and — for the author team while the package is in
 * review — Accept (a confirmation says it makes a new version, moves the package back to
 * checking as a new review turn and voids the sign-offs) or Decline (with a reason). Reviewers
 * see the state of their proposals here too. What the caller may do comes from the server.
 */
import { Badge, Box, Button, Code, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import {
  REDACTION_REASON_MAX_LENGTH,
  type RedactionProposal,
  type RedactionProposalList as ProposalList,
  acceptRedactionProposalRequestSchema,
  declineRedactionProposalRequestSchema,
} from '../../../../common/contracts/redaction.contract';
import { contractValidator, onOneField } from '../../lib/contract-form';
import { formatDateTime } from '../../lib/format';
import { useAcceptProposal, useDeclineProposal } from '../../lib/redaction';
import { PROPOSAL_STATE_COLORS, PROPOSAL_STATE_LABELS, acceptanceConsequence, proposalState } from '../../lib/redaction-view';
import { EmptyNote } from '../ui/EmptyNote';
import { ErrorAlert } from '../ui/ErrorAlert';
import { RedactionDiffPanel } from './RedactionDiffView';

interface RedactionProposalListProps {
  /** The package as the page shows it: an acceptance names the version it saw, and says what it does in this status and turn. */
  pkg: { id: string; version: number; status: string; reviewTurn: number };
  list: ProposalList;
  /** Only this file's proposals; all when absent. */
  fileId?: string;
}

type Dialog = { kind: 'accept' | 'decline'; proposal: RedactionProposal };

export function RedactionProposalList({ pkg, list, fileId }: RedactionProposalListProps) {
  const packageId = pkg.id;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const proposals = list.proposals.filter((p) => fileId === undefined || p.fileId === fileId);
  if (proposals.length === 0) return <EmptyNote>No redaction has been proposed.</EmptyNote>;
  return (
    <Stack gap="xs" data-testid="redaction-proposals">
      {proposals.map((p) => (
        <ProposalCard key={p.id} packageId={packageId} proposal={p} canDecide={list.abilities} onDecide={(kind) => setDialog({ kind, proposal: p })} />
      ))}
      {dialog?.kind === 'accept' && <AcceptModal pkg={pkg} proposal={dialog.proposal} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'decline' && <DeclineModal packageId={packageId} proposal={dialog.proposal} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

interface ProposalCardProps {
  packageId: string;
  proposal: RedactionProposal;
  canDecide: ProposalList['abilities'];
  onDecide: (kind: 'accept' | 'decline') => void;
}

function ProposalCard({ packageId, proposal: p, canDecide, onDecide }: ProposalCardProps) {
  const state = proposalState(p);
  const [showDiff, setShowDiff] = useState(state === 'pending' && canDecide.accept);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="redaction-proposal" data-path={p.path} data-state={state} data-operation={p.operation}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap={6}>
            <Text size="sm" ff="monospace" fw={600}>
              {p.path}
            </Text>
            <Badge size="sm" variant="light" color={PROPOSAL_STATE_COLORS[state]} data-testid="proposal-state">
              {PROPOSAL_STATE_LABELS[state]}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            <Code>{p.operation}</Code> on v{p.original.versionNumber} · proposed by {p.proposedBy.name} on {formatDateTime(p.proposedAt)} · review turn {p.reviewTurn} · {p.outcome.changeCount}{' '}
            {p.outcome.changeCount === 1 ? 'change' : 'changes'}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {p.reason}
          </Text>
          {p.decidedBy && (
            <Text size="xs" c="dimmed" data-testid="proposal-decision">
              {p.status === 'accepted' ? 'Accepted' : 'Declined'} by {p.decidedBy.name}
              {p.decidedAt && ` on ${formatDateTime(p.decidedAt)}`}
              {p.decisionComment && `: ${p.decisionComment}`}
            </Text>
          )}
          {state === 'stale' && (
            <Text size="xs" c="dimmed">
              The file has a newer version than the one this proposal redacts, so it can no longer be accepted.
            </Text>
          )}
        </Stack>
        <Group gap={6} wrap="nowrap">
          <Button size="compact-sm" variant="subtle" onClick={() => setShowDiff((s) => !s)} aria-expanded={showDiff}>
            {showDiff ? 'Hide the diff' : 'Show the diff'}
          </Button>
          {state === 'pending' && canDecide.decline && (
            <Button size="compact-sm" variant="default" onClick={() => onDecide('decline')}>
              Decline
            </Button>
          )}
          {state === 'pending' && canDecide.accept && (
            <Button size="compact-sm" onClick={() => onDecide('accept')}>
              Accept
            </Button>
          )}
        </Group>
      </Group>
      {showDiff && (
        <Box mt="xs">
          <RedactionDiffPanel packageId={packageId} subject={{ kind: 'proposal', proposalId: p.id }} />
        </Box>
      )}
    </Paper>
  );
}

function AcceptModal({ pkg, proposal, onClose }: { pkg: RedactionProposalListProps['pkg']; proposal: RedactionProposal; onClose: () => void }) {
  const accept = useAcceptProposal(pkg.id);
  const packageVersion = pkg.version;
  const form = useForm({
    initialValues: { comment: '' },
    validate: onOneField(
      'comment',
      contractValidator(acceptRedactionProposalRequestSchema, (v: { comment: string }) => ({ version: packageVersion, comment: v.comment.trim() || undefined }), {
        comment: `At most ${REDACTION_REASON_MAX_LENGTH} characters`,
      }),
    ),
  });
  return (
    <Modal opened onClose={onClose} title="Accept the proposed redaction">
      <form
        onSubmit={form.onSubmit((v) => accept.mutate({ proposalId: proposal.id, version: packageVersion, ...(v.comment.trim() ? { comment: v.comment.trim() } : {}) }, { onSuccess: onClose }))}
        noValidate
      >
        <Stack gap="sm">
          <Text size="sm" data-testid="accept-consequences">
            {acceptanceConsequence(proposal, pkg)}
          </Text>
          <Textarea label="Comment (optional)" autosize minRows={2} maxRows={6} maxLength={REDACTION_REASON_MAX_LENGTH} {...form.getInputProps('comment')} />
          <ErrorAlert error={accept.error} title="The proposal was not accepted" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={accept.isPending} disabled={accept.isPending}>
              Accept and re-check
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeclineModal({ packageId, proposal, onClose }: { packageId: string; proposal: RedactionProposal; onClose: () => void }) {
  const decline = useDeclineProposal(packageId);
  const form = useForm({
    initialValues: { reason: '' },
    validate: contractValidator(declineRedactionProposalRequestSchema, (v: { reason: string }) => ({ reason: v.reason }), {
      reason: (r) => (r.reason.trim() ? `At most ${REDACTION_REASON_MAX_LENGTH} characters` : 'Say why you decline it.'),
    }),
  });
  return (
    <Modal opened onClose={onClose} title="Decline the proposed redaction">
      <form onSubmit={form.onSubmit((v) => decline.mutate({ proposalId: proposal.id, reason: v.reason.trim() }, { onSuccess: onClose }))} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {proposal.path}: {proposal.reason}
          </Text>
          <Textarea label="Why not" description="The reviewer sees this." withAsterisk autosize minRows={2} maxRows={6} maxLength={REDACTION_REASON_MAX_LENGTH} {...form.getInputProps('reason')} />
          <ErrorAlert error={decline.error} title="The proposal was not declined" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={decline.isPending} disabled={decline.isPending}>
              Decline
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
