import { Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { RECHECK_REASON_MAX_LENGTH, packageRecheckRequestSchema } from '../../../../../common/contracts/package-recheck.contract';
import { type Package, packageTransitionRequestSchema } from '../../../../../common/contracts/packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator, onOneField } from '../../../lib/contract-form';
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
  /** The comment is a re-check's reason (package-recheck.contract.ts), with its own request and limit. */
  recheck?: boolean;
  /** Asks to confirm first: the move is final or starts something that cannot be undone. */
  confirm?: string;
  /** Asks to confirm first, listing what the move does (checks, reviewers, sign-offs): see approval-view.ts. */
  consequences?: 'submit' | 'resubmit';
}

/** The longest comment of a lifecycle move the server accepts (packages.contract.ts), which it refuses rather than cut. */
const COMMENT_MAX_LENGTH = 4000;

/**
 * A move's comment by the transitions contract. The contract leaves it optional and the server
 * refuses a move that needs one without it; the form asks for it first.
 */
const commentRequestSchema = packageTransitionRequestSchema.pick({ comment: true, version: true }).refine((r) => (r.comment ?? '').length > 0, { path: ['comment'], message: 'a comment is required' });

/** Checks the text of the move's form by its request: a re-check's reason, or a move's comment. */
function commentValidator(spec: ActionSpec, version: number): (values: { comment: string }) => Record<string, string> {
  const name = (spec.commentLabel ?? 'Comment').toLowerCase();
  const message = (text: string | undefined, max: number) => (text?.trim() ? `At most ${max} characters` : `A ${name} is required`);
  if (spec.recheck) {
    return onOneField(
      'comment',
      contractValidator(packageRecheckRequestSchema, (v: { comment: string }) => ({ reason: v.comment, version }), { reason: (r) => message(r.reason, RECHECK_REASON_MAX_LENGTH) }),
    );
  }
  return contractValidator(commentRequestSchema, (v: { comment: string }) => ({ comment: v.comment, version }), { comment: (r) => message(r.comment, COMMENT_MAX_LENGTH) });
}

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
    recheck: true,
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
  const form = useForm({ initialValues: { comment: '' }, validate: spec.comment ? commentValidator(spec, pkg.version) : () => ({}) });
  const submit = (values: { comment: string }) => onConfirm(spec.comment ? values.comment.trim() : undefined);
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
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
            maxLength={spec.recheck ? RECHECK_REASON_MAX_LENGTH : COMMENT_MAX_LENGTH}
            {...form.getInputProps('comment')}
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
