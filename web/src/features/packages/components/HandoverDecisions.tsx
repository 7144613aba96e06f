import { Alert, Badge, Button, Group, Modal, Radio, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { z } from 'zod';
import {
  type FlaggedOutput,
  HANDOVER_TEXT_MAX_LENGTH,
  type RedactionDecisionKind,
  type StorageDecision,
  type StorageDecisionView,
  redactionDecisionRequestSchema,
} from '../../../../../common/contracts/handover-decisions.contract';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { contractValidator } from '../../../lib/contract-form';
import { formatDateTime } from '../../../lib/format';
import { useCurrentSession } from '../../../lib/session';
import { useAgreeStorageDecision, useDecideRedaction, useRecordStorageDecision, useRedactionDecisions, useStorageDecision } from '../../../lib/package-approval';
import { type StorageDecisionForm, storageDecisionErrors } from '../approval-view';
import { VERDICT_COLORS } from '../../../lib/package-format';

const REDACTION_LABELS: Record<RedactionDecisionKind, string> = {
  release_as_is: 'Release as it is',
  redacted: 'This version is the redaction',
  keep_inside: 'Keep inside',
};

const FIELDS: { key: keyof Omit<StorageDecisionForm, 'reviewDate'>; label: string; description: string }[] = [
  { key: 'location', label: 'Where it will be stored', description: 'e.g. the provider’s archive, another secure environment' },
  { key: 'custodian', label: 'Custodian', description: 'Who holds the outputs' },
  { key: 'protection', label: 'Protection', description: 'How they are protected (encryption, access)' },
  { key: 'retention', label: 'Retention period', description: 'How long they are kept' },
];

/**
 * A data provider handover's decisions (docs/design.md §6, issue 10 §6): the storage decision with
 * who agreed and who must still agree, and a redaction decision per flagged output. Approval of
 * a handover at tier 2 or above waits for both.
 */
export function HandoverDecisions({ pkg }: { pkg: Package }) {
  const storage = useStorageDecision(pkg.id, true);
  const redactions = useRedactionDecisions(pkg.id, true);
  return (
    <Section title="Handover decisions">
      <QueryState query={storage} rows={3}>
        {(view) => <StorageDecisionBlock packageId={pkg.id} view={view} />}
      </QueryState>
      <QueryState query={redactions} rows={2}>
        {(list) => <RedactionDecisions packageId={pkg.id} required={list.required} outputs={list.outputs} withoutDecision={list.withoutDecision} canDecide={list.abilities.decide} />}
      </QueryState>
    </Section>
  );
}

function StorageDecisionBlock({ packageId, view }: { packageId: string; view: StorageDecisionView }) {
  const session = useCurrentSession();
  const agree = useAgreeStorageDecision(packageId);
  const [editing, setEditing] = useState(false);
  const current = view.current;
  const iMustAgree = view.missing.some((p) => p.id === session.user.id);
  return (
    <Stack gap="xs" data-testid="storage-decision">
      <Group justify="space-between">
        <Text fw={600}>Storage decision</Text>
        {view.abilities.record && (
          <Button size="xs" variant="light" onClick={() => setEditing(true)}>
            {current ? 'Record a new decision' : 'Record the storage decision'}
          </Button>
        )}
      </Group>
      {view.required && (
        <Text size="xs" c="dimmed">
          Approval waits for a storage decision agreed by the investigator and every data provider representative.
        </Text>
      )}
      {current ? <DecisionDetails decision={current} /> : <EmptyNote>No storage decision recorded yet.</EmptyNote>}
      {current && (
        <Stack gap={4}>
          <Text size="sm" data-testid="storage-agreed">
            <b>Agreed by:</b> {current.agreements.length === 0 ? 'nobody yet' : current.agreements.map((a) => `${a.user.name} (${formatDateTime(a.agreedAt)})`).join(', ')}
          </Text>
          <Text size="sm" data-testid="storage-missing">
            <b>Must still agree:</b> {view.missing.length === 0 ? 'nobody: everyone agreed' : view.missing.map((p) => p.name).join(', ')}
          </Text>
        </Stack>
      )}
      {current && view.abilities.agree && iMustAgree && (
        <Group>
          <Button size="xs" color="teal" loading={agree.isPending} onClick={() => agree.mutate(current.id)}>
            Agree to this decision
          </Button>
        </Group>
      )}
      <ErrorAlert error={agree.error} title="Your agreement was not recorded" />
      {view.superseded.length > 0 && (
        <Text size="xs" c="dimmed">
          {view.superseded.length} earlier decision{view.superseded.length === 1 ? '' : 's'} superseded (latest {formatDateTime(view.superseded[0]?.recordedAt ?? '')}).
        </Text>
      )}
      {editing && (
        <Modal opened onClose={() => setEditing(false)} title="Storage decision" size="lg">
          <StorageForm packageId={packageId} view={view} onDone={() => setEditing(false)} />
        </Modal>
      )}
    </Stack>
  );
}

function DecisionDetails({ decision: d }: { decision: StorageDecision }) {
  const rows: [string, string][] = [
    ['Where', d.location],
    ['Custodian', d.custodian],
    ['Protection', d.protection],
    ['Retention', d.retention],
    ['Review date', d.reviewDate],
  ];
  return (
    <Stack gap={2}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={2}>
        {rows.map(([label, value]) => (
          <Text key={label} size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            <b>{label}:</b> {value}
          </Text>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Decision {d.version}, recorded by {d.recordedBy.name} on {formatDateTime(d.recordedAt)}
      </Text>
    </Stack>
  );
}

const todayIso = () => new Date().toISOString().slice(0, 10);

function StorageForm({ packageId, view, onDone }: { packageId: string; view: StorageDecisionView; onDone: () => void }) {
  const record = useRecordStorageDecision(packageId);
  const c = view.current;
  const form = useForm<StorageDecisionForm>({
    initialValues: { location: c?.location ?? '', custodian: c?.custodian ?? '', protection: c?.protection ?? '', retention: c?.retention ?? '', reviewDate: c?.reviewDate ?? '' },
    validate: (values) => storageDecisionErrors(values, todayIso()),
  });
  const submit = (values: StorageDecisionForm) => record.mutate({ ...values, version: view.version }, { onSuccess: onDone });
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate aria-label="Storage decision">
      <Stack gap="sm">
        <ErrorAlert error={record.error} title="The decision was not recorded" />
        {c && <Alert color="yellow">A new decision supersedes the current one: everyone agrees again.</Alert>}
        {FIELDS.map((f) => (
          <Textarea key={f.key} label={f.label} description={f.description} withAsterisk autosize minRows={1} maxLength={HANDOVER_TEXT_MAX_LENGTH} {...form.getInputProps(f.key)} />
        ))}
        <TextInput type="date" label="Review date" description="When the decision is reviewed (after today)" withAsterisk {...form.getInputProps('reviewDate')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={record.isPending}>
            Record decision
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface RedactionProps {
  packageId: string;
  required: boolean;
  outputs: FlaggedOutput[];
  withoutDecision: number;
  canDecide: boolean;
}

function RedactionDecisions({ packageId, required, outputs, withoutDecision, canDecide }: RedactionProps) {
  const [deciding, setDeciding] = useState<FlaggedOutput | null>(null);
  return (
    <Stack gap="xs" data-testid="redaction-decisions">
      <Text fw={600}>Redaction decisions</Text>
      <Text size="xs" c="dimmed">
        Every flagged output (check verdict review or block) needs a decision on its current version{required ? '; approval waits for them' : ''}.
        {withoutDecision > 0 && ` ${withoutDecision} still without one.`}
      </Text>
      {outputs.length === 0 ? (
        <EmptyNote>No flagged outputs.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" fz="sm" aria-label="Redaction decisions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Output</Table.Th>
                <Table.Th>Verdict</Table.Th>
                <Table.Th>Decision</Table.Th>
                {canDecide && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {outputs.map((o) => (
                <Table.Tr key={o.fileId} data-testid="flagged-output" data-path={o.path}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {o.path}
                    </Text>
                    <Text size="xs" c="dimmed">
                      v{o.versionNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={VERDICT_COLORS[o.verdict]} variant="light" data-verdict={o.verdict}>
                      {o.verdict === 'block' ? 'Blocked' : 'Needs review'}
                    </Badge>
                  </Table.Td>
                  <Table.Td maw={380}>
                    {o.decision ? (
                      <>
                        <Text size="sm" fw={500}>
                          {REDACTION_LABELS[o.decision.decision]}
                        </Text>
                        <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                          {o.decision.reason}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {o.decision.decidedBy.name}, {formatDateTime(o.decision.decidedAt)}
                        </Text>
                      </>
                    ) : (
                      <Badge size="sm" color="orange" variant="light">
                        No decision
                      </Badge>
                    )}
                  </Table.Td>
                  {canDecide && (
                    <Table.Td>
                      <Button size="compact-sm" variant="light" onClick={() => setDeciding(o)}>
                        {o.decision ? 'Change' : 'Decide'}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {deciding && (
        <Modal opened onClose={() => setDeciding(null)} title={`Redaction decision: ${deciding.path}`} size="lg">
          <RedactionForm packageId={packageId} output={deciding} onDone={() => setDeciding(null)} />
        </Modal>
      )}
    </Stack>
  );
}

interface RedactionValues {
  decision: RedactionDecisionKind | '';
  reason: string;
}

function RedactionForm({ packageId, output, onDone }: { packageId: string; output: FlaggedOutput; onDone: () => void }) {
  const decide = useDecideRedaction(packageId);
  const toRequest = (values: RedactionValues): z.input<typeof redactionDecisionRequestSchema> => ({
    fileVersionId: output.fileVersionId,
    decision: values.decision as RedactionDecisionKind,
    reason: values.reason,
  });
  const form = useForm<RedactionValues>({
    initialValues: { decision: output.decision?.decision ?? '', reason: '' },
    validate: contractValidator(redactionDecisionRequestSchema, toRequest, { decision: 'Choose a decision', reason: 'Give the reason' }),
  });
  const submit = (values: RedactionValues) => decide.mutate({ fileId: output.fileId, ...redactionDecisionRequestSchema.parse(toRequest(values)) }, { onSuccess: onDone });
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        <ErrorAlert error={decide.error} title="The decision was not recorded" />
        <Text size="sm">On version {output.versionNumber} (the current one). A new version needs its own decision once it is checked.</Text>
        <Radio.Group label="Decision" withAsterisk {...form.getInputProps('decision')}>
          <Stack gap={6} mt={4}>
            {(Object.keys(REDACTION_LABELS) as RedactionDecisionKind[]).map((k) => (
              <Radio key={k} value={k} label={REDACTION_LABELS[k]} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea label="Reason" withAsterisk autosize minRows={2} maxLength={HANDOVER_TEXT_MAX_LENGTH} {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={decide.isPending}>
            Record decision
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
