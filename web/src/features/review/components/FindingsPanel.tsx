/**
 * The right column's findings: each blocking and review-level finding of the file shown, with
 * its standing and every answer (the authors' exception request, overrides, refusals,
 * acknowledgements), and the actions the caller may take now (from the server's abilities):
 * override a blocking finding (justification required), refuse a pending exception request,
 * acknowledge a review-level finding, or — for the author team — request an exception; and,
 * where the caller may redact the file, fix the finding with a built-in tool (issue 13).
 */
import { Badge, Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { z } from 'zod';
import { FINDING_RESPONSE_TEXT_MAX_LENGTH, type FindingResponseKind, type FindingStandingList, type FindingWithStanding } from '../../../../../common/contracts/finding-responses.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { formatDateTime } from '../../../lib/format';
import { describeLocation } from '../../../components/package/FindingsTable';
import { entryLabel } from '../../../lib/findings-view';
import { FAMILY_LABELS, SEVERITY_COLORS, SEVERITY_LABELS } from '../../../lib/package-format';
import { ANSWER_SCHEMAS, answerRequest, answersFor, pendingExceptionRequest } from '../finding-answers';
import { STANDING_COLORS, STANDING_LABELS } from '../format';

const RESPONSE_WORDS = {
  exception_request: 'Exception requested by',
  override: 'Overridden by',
  refusal: 'Exception refused by',
  acknowledgement: 'Acknowledged by',
} as const satisfies Record<FindingResponseKind, string>;

interface AnswerWording {
  title: string;
  label: string;
  description: string;
  button: string;
  /** Said when a required text is missing. */
  missing: string;
}

const ANSWER_WORDS = {
  override: {
    title: 'Override this blocking finding',
    label: 'Justification',
    description: 'Why this output is safe to release despite the finding. Kept on the package and listed with its overrides.',
    button: 'Override',
    missing: 'Write the justification.',
  },
  refusal: {
    title: 'Refuse the exception request',
    label: 'Why not',
    description: 'The authors see this; the finding stays unresolved until they fix it or ask again.',
    button: 'Refuse the request',
    missing: 'Say why the request is refused.',
  },
  acknowledgement: {
    title: 'Acknowledge this finding',
    label: 'Note (optional)',
    description: 'You looked at it and it does not stop the release.',
    button: 'Acknowledge',
    missing: '',
  },
  exception_request: {
    title: 'Request an exception',
    label: 'Why this output is safe to release as it is',
    description: 'A reviewer answers by overriding the finding or refusing the request.',
    button: 'Request an exception',
    missing: 'Say why this output is safe to release as it is.',
  },
} as const satisfies Record<FindingResponseKind, AnswerWording>;

export interface FindingAnswerRequest {
  kind: FindingResponseKind;
  finding: FindingWithStanding;
  text: string;
}

interface FindingsPanelProps {
  findings: FindingWithStanding[];
  abilities: FindingStandingList['abilities'];
  onAnswer: (kind: FindingResponseKind, finding: FindingWithStanding) => void;
  /** The redaction button's words when the caller may redact (or propose a redaction of) this file; no button otherwise. */
  redactLabel?: string;
  onRedact?: (finding: FindingWithStanding) => void;
}

export function FindingsPanel({ findings, abilities, onAnswer, redactLabel, onRedact }: FindingsPanelProps) {
  if (findings.length === 0) return <EmptyNote>No blocking or review-level findings on this version.</EmptyNote>;
  return (
    <Stack gap="xs" data-testid="findings-standing">
      {findings.map((f) => (
        <Paper key={`${f.fileVersionId}:${f.findingKey}`} withBorder p="xs" radius="sm" data-testid="standing-finding" data-rule={f.rule} data-standing={f.standing} data-severity={f.severity}>
          <Group gap={4} mb={4}>
            <Badge size="xs" color={SEVERITY_COLORS[f.severity]} variant="filled">
              {SEVERITY_LABELS[f.severity]}
            </Badge>
            <Badge size="xs" color={STANDING_COLORS[f.standing]} variant="light" data-testid="finding-standing">
              {STANDING_LABELS[f.standing]}
            </Badge>
            <Text size="xs" c="dimmed">
              {FAMILY_LABELS[f.family]}
            </Text>
          </Group>
          <Text size="sm">{f.message}</Text>
          <Text size="xs" c="dimmed">
            {[f.entryPath && entryLabel(f.entryPath), describeLocation(f.location)].filter(Boolean).join(' · ') || 'the whole file'} · <span style={{ fontFamily: 'monospace' }}>{f.rule}</span>
          </Text>
          {f.responses.length > 0 && (
            <Stack gap={4} mt={6}>
              {f.responses.map((r) => (
                <Paper key={r.id} p={6} radius="sm" bg={r.kind === 'exception_request' ? 'yellow.0' : 'gray.0'} opacity={r.withdrawnAt ? 0.6 : 1} data-testid="finding-response" data-kind={r.kind}>
                  <Text size="xs" c="dimmed">
                    {RESPONSE_WORDS[r.kind]} {r.by.name} · {formatDateTime(r.at)}
                    {r.withdrawnAt && ' · replaced'}
                  </Text>
                  {r.text && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {r.text}
                    </Text>
                  )}
                </Paper>
              ))}
            </Stack>
          )}
          {(answersFor(f, abilities).length > 0 || (redactLabel && onRedact)) && (
            <Group gap={6} mt={6}>
              {redactLabel && onRedact && (
                <Button size="compact-xs" variant="filled" onClick={() => onRedact(f)} data-testid="redact-finding">
                  {redactLabel}
                </Button>
              )}
              {answersFor(f, abilities).map((kind) => (
                <Button key={kind} size="compact-xs" variant={kind === 'refusal' ? 'default' : 'light'} onClick={() => onAnswer(kind, f)}>
                  {kind === 'exception_request' && pendingExceptionRequest(f) ? 'Request again' : ANSWER_WORDS[kind].button}
                </Button>
              ))}
            </Group>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

interface AnswerModalProps {
  kind: FindingResponseKind;
  finding: FindingWithStanding;
  busy: boolean;
  error: unknown;
  onSend: (text: string) => void;
  onClose: () => void;
}

/** The text of an answer: required for an override, a refusal and an exception request. */
export function AnswerModal({ kind, finding, busy, error, onSend, onClose }: AnswerModalProps) {
  const words = ANSWER_WORDS[kind];
  // The contract of this kind names the text (justification, text or note); the form has one field.
  const check = contractValidator<{ text: string }, z.ZodType>(ANSWER_SCHEMAS[kind], (values) => answerRequest(kind, finding.fileVersionId, values.text), {});
  const form = useForm({
    initialValues: { text: '' },
    validate: (values) => (Object.keys(check(values)).length === 0 ? {} : { text: values.text.trim() ? `At most ${FINDING_RESPONSE_TEXT_MAX_LENGTH} characters` : words.missing }),
  });
  return (
    <Modal opened onClose={onClose} title={words.title} size="lg">
      <form onSubmit={form.onSubmit((values) => onSend(values.text.trim()))} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {finding.path}: {finding.message}
          </Text>
          {kind !== 'exception_request' && pendingExceptionRequest(finding) && (
            <Paper p={6} radius="sm" bg="yellow.0">
              <Text size="xs" c="dimmed">
                The authors ask for an exception ({pendingExceptionRequest(finding)?.by.name}):
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {pendingExceptionRequest(finding)?.text}
              </Text>
            </Paper>
          )}
          <Textarea label={words.label} description={words.description} autosize minRows={3} maxRows={8} maxLength={FINDING_RESPONSE_TEXT_MAX_LENGTH} {...form.getInputProps('text')} data-autofocus />
          <ErrorAlert error={error} title="The answer was not recorded" ignoreConflicts />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={busy}>
              {words.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
