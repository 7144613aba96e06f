import { Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useTransition } from '../../../lib/packages';
import { useSignOffs } from '../../../lib/package-approval';
import { submitConsequences } from '../approval-view';

interface ActionSpec {
  label: string;
  color?: string;
  variant?: 'filled' | 'light' | 'default';
  /** Asks for a public comment first (the server requires one). */
  comment?: string;
  /** What the comment is called in the form (default "Comment"). */
  commentLabel?: string;
  /** The longest comment the server accepts (characters; default that of the transitions request). */
  maxLength?: number;
  /** Asks to confirm first: the move is final or starts something that cannot be undone. */
  confirm?: string;
  /** Asks to confirm first, listing what the move does (checks, reviewers, sign-offs): see approval-view.ts. */
  consequences?: 'submit' | 'resubmit';
}

/**
 * The longest comment the server accepts: a lifecycle move's (packages.contract.ts) and a
 * re-check's reason (package-recheck.contract.ts), which it refuses rather than cut. Written out
 * here so that the contracts (and zod) stay out of the web bundle.
 */
const COMMENT_MAX_LENGTH = 4000;
const RECHECK_REASON_MAX_LENGTH = 2000;

/**
 * The lifecycle actions a person can take, in the order they are offered; the server's abilities
 * decide which show. A re-check goes to its own route (POST /packages/:id/recheck, see api.ts).
 */
const ACTIONS: Record<string, ActionSpec> = {
  submit: { label: 'Submit', consequences: 'submit' },
  resubmit: { label: 'Resubmit', consequences: 'resubmit' },
  retry: { label: 'Retry', variant: 'light' },
  return: { label: 'Return for changes', color: 'orange', variant: 'light', comment: 'Explain what the authors should change. They see this comment.' },
  retain: { label: 'Retain inside', color: 'grape', variant: 'light', comment: 'Explain why the outputs stay inside the environment.' },
  reject: { label: 'Reject', color: 'red', variant: 'light', comment: 'Explain why the package is rejected. This is final.' },
  recheck: {
    label: 'Re-check with current settings',
    variant: 'default',
    commentLabel: 'Reason',
    maxLength: RECHECK_REASON_MAX_LENGTH,
    comment:
      'The automated checks run again on the current files under the project’s disclosure-check settings in force now. The earlier results are kept for the audit. Say why, e.g. the preset changed.',
  },
  // No `release` yet: bundles are not built (the server refuses the move with release.not_available).
  revoke: { label: 'Revoke', color: 'red', variant: 'light', comment: 'Explain why the release is revoked. Download links stop working.' },
  withdraw: { label: 'Withdraw', color: 'gray', variant: 'default', confirm: 'Withdraw this package? This is final: it can no longer be submitted.' },
};

/** True when the package cannot be submitted yet: nothing to release, or context missing. */
export function submissionBlocked(pkg: Package): boolean {
  return pkg.totals.outputs === 0 || pkg.missingContext.length > 0;
}

/** Buttons for the moves the server allows this user now; comments and confirmations in a modal. */
export function PackageActions({ pkg }: { pkg: Package }) {
  const transition = useTransition(pkg.id);
  const [asking, setAsking] = useState<string | null>(null);
  const allowed = Object.keys(ACTIONS).filter((action) => pkg.abilities[action] === true);
  if (allowed.length === 0) return null;

  const run = (action: string, comment?: string) => transition.mutate({ action, version: pkg.version, ...(comment ? { comment } : {}) }, { onSuccess: () => setAsking(null) });

  return (
    <Stack gap={6} align="flex-end">
      <Group gap="xs">
        {allowed.map((action) => {
          const spec = ACTIONS[action] as ActionSpec;
          const blocked = (action === 'submit' || action === 'resubmit') && submissionBlocked(pkg);
          return (
            <Button
              key={action}
              color={spec.color}
              variant={spec.variant ?? 'filled'}
              disabled={transition.isPending || blocked}
              loading={transition.isPending && transition.variables?.action === action}
              title={blocked ? 'Complete the checklist first' : undefined}
              onClick={() => {
                transition.reset();
                if (spec.comment || spec.confirm || spec.consequences) setAsking(action);
                else run(action);
              }}
            >
              {spec.label}
            </Button>
          );
        })}
      </Group>
      {!asking && <ErrorAlert error={transition.error} title="The package did not move" />}
      {asking && (
        <Modal opened onClose={() => setAsking(null)} title={(ACTIONS[asking] as ActionSpec).label} size="lg">
          <ActionForm
            pkg={pkg}
            spec={ACTIONS[asking] as ActionSpec}
            pending={transition.isPending}
            error={transition.error}
            onCancel={() => setAsking(null)}
            onConfirm={(comment) => run(asking, comment)}
          />
        </Modal>
      )}
    </Stack>
  );
}

/**
 * One lifecycle move offered elsewhere on the page (e.g. "Retain inside" beside a seed rule that
 * keeps the package inside), with the same comment form as the header's buttons. Nothing when
 * the server does not allow the caller the move.
 */
export function PackageActionButton({ pkg, action }: { pkg: Package; action: keyof typeof ACTIONS }) {
  const transition = useTransition(pkg.id);
  const [asking, setAsking] = useState(false);
  const spec = ACTIONS[action];
  if (!spec || pkg.abilities[action] !== true) return null;
  return (
    <>
      <Button
        color={spec.color}
        variant={spec.variant ?? 'filled'}
        onClick={() => {
          transition.reset();
          setAsking(true);
        }}
      >
        {spec.label}
      </Button>
      {asking && (
        <Modal opened onClose={() => setAsking(false)} title={spec.label} size="lg">
          <ActionForm
            pkg={pkg}
            spec={spec}
            pending={transition.isPending}
            error={transition.error}
            onCancel={() => setAsking(false)}
            onConfirm={(comment) => transition.mutate({ action, version: pkg.version, ...(comment ? { comment } : {}) }, { onSuccess: () => setAsking(false) })}
          />
        </Modal>
      )}
    </>
  );
}

interface ActionFormProps {
  pkg: Package;
  spec: ActionSpec;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (comment?: string) => void;
}

function ActionForm({ pkg, spec, pending, error, onCancel, onConfirm }: ActionFormProps) {
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (spec.comment && !comment.trim()) return setCommentError(`A ${(spec.commentLabel ?? 'Comment').toLowerCase()} is required`);
    setCommentError(undefined);
    onConfirm(spec.comment ? comment.trim() : undefined);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={error} title="The package did not move" />
        {spec.confirm && <Text size="sm">{spec.confirm}</Text>}
        {spec.consequences && <Consequences pkg={pkg} action={spec.consequences} />}
        {spec.comment && (
          <Textarea
            label={spec.commentLabel ?? 'Comment'}
            description={spec.comment}
            withAsterisk
            autosize
            minRows={3}
            maxLength={spec.maxLength ?? COMMENT_MAX_LENGTH}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={commentError}
            data-autofocus
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color={spec.color} loading={pending} disabled={pending}>
            {spec.label}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What Submit or Resubmit will do; a resubmission says how many live sign-offs it voids. */
function Consequences({ pkg, action }: { pkg: Package; action: 'submit' | 'resubmit' }) {
  const signOffs = useSignOffs(pkg.id, action === 'resubmit');
  const live = signOffs.data?.signOffs.filter((s) => s.live).length;
  return (
    <Stack gap={4} data-testid="submit-consequences">
      <Text size="sm" fw={500}>
        {action === 'submit' ? 'Submitting the package:' : 'Resubmitting the package starts a new review turn:'}
      </Text>
      <List size="sm" spacing={4}>
        {submitConsequences(action, live).map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
    </Stack>
  );
}
