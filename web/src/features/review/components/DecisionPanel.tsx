/**
 * The reviewer's decision on the file shown: three buttons (a / c / x), the reason and note of
 * a decision other than approve in a dialog, and what they decided so far. Once they submitted
 * their review the decision is final and shown read-only; once the others' decisions are
 * visible they are listed with the reviewers' names.
 */
import { Badge, Button, Group, Kbd, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type ReviewFile, type ReviewSummary, fileDecisionRequestSchema } from '../../../../../common/contracts/reviews.contract';
import { REVIEW_DECISION_LABELS, REVIEW_REASON_CODES, REVIEW_REASON_LABELS, type ReviewDecision, type ReviewReasonCode } from '../../../../../common/vocab/review';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { formatDateTime } from '../../../lib/format';
import { DECISION_COLORS, DECISION_KEYS } from '../format';

export interface DecisionInput {
  decision: ReviewDecision;
  reasonCode?: ReviewReasonCode;
  comment?: string;
}

interface DecisionPanelProps {
  file: ReviewFile;
  summary: ReviewSummary;
  busy: boolean;
  error: unknown;
  onApprove: () => void;
  /** Opens the dialog for a decision that needs a reason. */
  onAsk: (decision: Exclude<ReviewDecision, 'approve'>) => void;
}

export function DecisionPanel({ file, summary, busy, error, onApprove, onAsk }: DecisionPanelProps) {
  const mine = file.myDecision;
  const canDecide = summary.abilities.decide && file.needsDecision && summary.submittedAt === null;
  const names = new Map((summary.submissions.reviewers ?? []).map((r) => [r.reviewerId, r.name]));
  return (
    <Stack gap="xs" data-testid="decision-panel">
      {!file.needsDecision ? (
        <Text size="sm" c="dimmed">
          {file.removed ? 'Temporarily removed: it takes no decision.' : 'A supporting file gives context and is never released: it takes no decision.'}
        </Text>
      ) : (
        <>
          {mine ? (
            <Group gap={6} data-testid="my-decision" data-decision={mine.decision}>
              <Text size="sm">Your decision:</Text>
              <Badge color={DECISION_COLORS[mine.decision]}>{REVIEW_DECISION_LABELS[mine.decision]}</Badge>
              {mine.reasonCode && (
                <Text size="xs" c="dimmed">
                  {REVIEW_REASON_LABELS[mine.reasonCode]}
                </Text>
              )}
              {mine.carried && (
                <Badge size="xs" variant="outline" color="gray" title="Carried over from the previous turn: the content did not change">
                  Carried over
                </Badge>
              )}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {summary.reviewer ? 'You have not decided on this file yet.' : file.outcome === null ? 'The outcome shows once the reviewers have finished this turn.' : ''}
            </Text>
          )}
          {mine?.comment && (
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              Your note: {mine.comment}
            </Text>
          )}
          {canDecide && (
            <Group gap={6}>
              <Button size="xs" color={DECISION_COLORS.approve} onClick={onApprove} loading={busy} disabled={busy} rightSection={<Kbd size="xs">{DECISION_KEYS.approve}</Kbd>}>
                Approve
              </Button>
              <Button
                size="xs"
                variant="light"
                color={DECISION_COLORS.request_changes}
                onClick={() => onAsk('request_changes')}
                disabled={busy}
                rightSection={<Kbd size="xs">{DECISION_KEYS.request_changes}</Kbd>}
              >
                Request changes
              </Button>
              <Button
                size="xs"
                variant="light"
                color={DECISION_COLORS.must_not_leave}
                onClick={() => onAsk('must_not_leave')}
                disabled={busy}
                rightSection={<Kbd size="xs">{DECISION_KEYS.must_not_leave}</Kbd>}
              >
                Must not leave
              </Button>
            </Group>
          )}
          <ErrorAlert error={error} title="The decision was not recorded" ignoreConflicts />
        </>
      )}
      {file.decisions && file.decisions.length > 0 && (
        <Stack gap={2} data-testid="all-decisions">
          <Text size="xs" fw={600}>
            Submitted decisions
          </Text>
          {file.decisions.map((d) => (
            <Text size="xs" key={d.reviewerId}>
              {names.get(d.reviewerId) ?? 'A reviewer'}: {REVIEW_DECISION_LABELS[d.decision]}
              {d.reasonCode && ` (${REVIEW_REASON_LABELS[d.reasonCode]})`}
              {d.comment && ` — ${d.comment}`}
              <Text span size="xs" c="dimmed">
                {' '}
                · {formatDateTime(d.decidedAt)}
              </Text>
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

const REASON_OPTIONS = [{ value: '', label: 'Choose a reason…' }, ...REVIEW_REASON_CODES.map((code) => ({ value: code, label: REVIEW_REASON_LABELS[code] }))];

interface DecisionModalProps {
  path: string;
  decision: Exclude<ReviewDecision, 'approve'>;
  busy: boolean;
  error: unknown;
  onDecide: (input: DecisionInput) => void;
  onClose: () => void;
}

/** The decision request without the version (the workbench adds the one shown); the dialog asks for a reason. */
const decisionFormSchema = fileDecisionRequestSchema.omit({ fileVersionId: true }).required({ reasonCode: true });

interface DecisionValues {
  reasonCode: ReviewReasonCode | '';
  note: string;
}

const toDecision =
  (decision: DecisionModalProps['decision']) =>
  // An unchosen reason ('') stays in the request, so the contract refuses it on its field.
  (values: DecisionValues): DecisionInput & { reasonCode: ReviewReasonCode } => ({
    decision,
    reasonCode: values.reasonCode as ReviewReasonCode,
    ...(values.note.trim() ? { comment: values.note } : {}),
  });

/** Request changes or must not leave: a reason code (required) and a note for the reviewers. */
export function DecisionModal({ path, decision, busy, error, onDecide, onClose }: DecisionModalProps) {
  const form = useForm<DecisionValues>({
    initialValues: { reasonCode: '', note: '' },
    validate: contractValidator(decisionFormSchema, toDecision(decision), { reasonCode: 'Choose the reason for this decision.', comment: 'The note is too long.' }),
  });
  return (
    <Modal opened onClose={onClose} title={`${REVIEW_DECISION_LABELS[decision]}: ${path}`} size="lg">
      <form onSubmit={form.onSubmit((values) => onDecide(toDecision(decision)(values)))} noValidate>
        <Stack gap="sm">
          <NativeSelect label="Reason" data={REASON_OPTIONS} {...form.getInputProps('reasonCode')} data-autofocus withAsterisk />
          <Textarea
            label="Note for the reviewers (optional)"
            description="Seen by reviewers only. What the authors should read goes in a public comment on the file."
            autosize
            minRows={3}
            maxRows={8}
            {...form.getInputProps('note')}
            maxLength={10_000}
          />
          <ErrorAlert error={error} title="The decision was not recorded" ignoreConflicts />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={DECISION_COLORS[decision]} loading={busy} disabled={busy}>
              {REVIEW_DECISION_LABELS[decision]}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
