/**
 * "Redact" on a file or a finding (issue 13): the operations that apply to the file's current
 * version, a form drawn from the chosen operation's fields, the findings it is meant to resolve,
 * then a PREVIEW (the changes and notes, nothing stored) before anything else. After a preview
 * the author team applies it (a new version, checked at once) and a reviewer proposes it (kept
 * aside for the authors), each with a required reason; then the diff shows what changed. A
 * change to the parameters after a preview asks for a new preview. What the caller may do comes
 * from the server's abilities.
 */
import { Alert, Badge, Button, Checkbox, Divider, Group, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { REDACTION_REASON_MAX_LENGTH, type RedactionOperationInfo, type RedactionOperationList } from '../../../../common/contracts/redaction.contract';
import { formatBytes, VERDICT_COLORS, VERDICT_LABELS } from '../../lib/package-format';
import { isStaleRedaction, useApplyRedaction, usePreviewRedaction, useProposeRedaction, useRedactionOperations } from '../../lib/redaction';
import { type RedactionFormValues, initialParameterValues, parametersFromValues, redactionValidator } from '../../lib/redaction-fields';
import { commitKind } from '../../lib/redaction-view';
import { EmptyNote } from '../ui/EmptyNote';
import { ErrorAlert } from '../ui/ErrorAlert';
import { QueryState } from '../ui/QueryState';
import { RedactionDiffPanel } from './RedactionDiffView';
import { RedactionOutcomeView } from './RedactionOutcomeView';
import { RedactionParameterInput } from './RedactionParameterInput';

/** A finding the redaction may target: named by key, shown by rule and message (never a value). */
export interface RedactionCandidate {
  findingKey: string;
  rule: string;
  message: string;
}

interface RedactModalProps {
  packageId: string;
  file: { id: string; path: string };
  /** The current version's findings to choose from; the ones in `initialFindingKeys` start chosen. */
  candidates?: RedactionCandidate[];
  initialFindingKeys?: string[];
  onClose: () => void;
}

export function RedactModal({ packageId, file, candidates = [], initialFindingKeys = [], onClose }: RedactModalProps) {
  const operations = useRedactionOperations(packageId, file.id);
  // Kept here: applying makes a new version, the operations are fetched again for it and the form starts over below.
  const [done, setDone] = useState<Done | null>(null);
  return (
    <Modal opened onClose={onClose} title={`Redact ${file.path}`} size="xl">
      {done ? (
        <DoneView packageId={packageId} fileId={file.id} path={file.path} done={done} onClose={onClose} />
      ) : (
        <QueryState query={operations}>
          {(list) => (
            <RedactFlow
              key={list.fileVersionId}
              packageId={packageId}
              path={file.path}
              list={list}
              candidates={candidates}
              initialFindingKeys={initialFindingKeys}
              onDone={setDone}
              onClose={onClose}
            />
          )}
        </QueryState>
      )}
    </Modal>
  );
}

interface RedactFlowProps {
  packageId: string;
  path: string;
  list: RedactionOperationList;
  candidates: RedactionCandidate[];
  initialFindingKeys: string[];
  onDone: (done: Done) => void;
  onClose: () => void;
}

type Done = { kind: 'applied'; versionId: string; versionNumber: number; verdict: string | null } | { kind: 'proposed'; proposalId: string };

function RedactFlow({ list, candidates, initialFindingKeys, onDone, onClose, packageId }: RedactFlowProps) {
  const commit = commitKind(list.abilities);
  const [operationId, setOperationId] = useState(list.operations[0]?.id ?? '');
  const operation = list.operations.find((o) => o.id === operationId);

  if (!list.abilities.preview || commit === null) {
    return (
      <Stack gap="sm">
        <Text size="sm" data-testid="redaction-not-allowed">
          You cannot redact this file now: the author team redacts while the package is a draft or returned, and reviewers propose redactions while it is in review.
        </Text>
        <CloseButton onClose={onClose} />
      </Stack>
    );
  }
  if (list.operations.length === 0 || !operation) {
    return (
      <Stack gap="sm">
        <EmptyNote>No built-in operation supports this file ({list.mediaType}). Redact it inside the environment and add the new version from there, with the reason.</EmptyNote>
        <CloseButton onClose={onClose} />
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Version v{list.versionNumber} · {list.mediaType}. The original stays inside and is never released; the new version records where it came from.
      </Text>
      <NativeSelect
        label="Operation"
        value={operationId}
        onChange={(e) => setOperationId(e.currentTarget.value)}
        data={list.operations.map((o) => ({ value: o.id, label: o.title }))}
        data-testid="redaction-operation"
      />
      <OperationForm
        key={operation.id}
        packageId={packageId}
        list={list}
        operation={operation}
        commit={commit}
        candidates={candidates}
        initialFindingKeys={initialFindingKeys}
        onDone={onDone}
        onClose={onClose}
      />
    </Stack>
  );
}

interface OperationFormProps {
  packageId: string;
  list: RedactionOperationList;
  operation: RedactionOperationInfo;
  commit: 'apply' | 'propose';
  candidates: RedactionCandidate[];
  initialFindingKeys: string[];
  onDone: (done: Done) => void;
  onClose: () => void;
}

const COMMIT_WORDS = {
  apply: { button: 'Apply redaction', help: 'Applying makes the redacted file the new current version; the checks run on it at once.' },
  propose: { button: 'Propose redaction', help: 'The authors see your proposal with its diff and accept it (the package then goes back to checking) or decline it.' },
} as const;

function OperationForm({ packageId, list, operation, commit, candidates, initialFindingKeys, onDone, onClose }: OperationFormProps) {
  const preview = usePreviewRedaction(packageId);
  const apply = useApplyRedaction(packageId);
  const propose = useProposeRedaction(packageId);
  const committing = commit === 'apply' ? apply : propose;
  const known = new Set(candidates.map((c) => c.findingKey));
  const form = useForm<RedactionFormValues>({
    initialValues: { parameters: initialParameterValues(operation.fields), findingKeys: initialFindingKeys.filter((k) => known.has(k)), reason: '' },
  });
  // The preview holds for the request it was made for; any change to it asks for a new one.
  const [previewed, setPreviewed] = useState<string | null>(null);
  const requestOf = (values: RedactionFormValues) => ({
    fileVersionId: list.fileVersionId,
    operation: operation.id,
    parameters: parametersFromValues(operation.fields, values.parameters),
    findingKeys: values.findingKeys,
  });
  const current = JSON.stringify(requestOf(form.values));
  const previewHolds = preview.data !== undefined && previewed === current;

  const validated = (step: 'preview' | typeof commit): boolean => {
    const errors = redactionValidator(step, list.fileVersionId, operation.id, operation.fields)(form.values);
    form.setErrors(errors);
    return Object.keys(errors).length === 0;
  };
  const runPreview = () => {
    if (!validated('preview')) return;
    const request = requestOf(form.values);
    preview.mutate({ fileId: list.fileId, ...request }, { onSuccess: () => setPreviewed(JSON.stringify(request)) });
  };
  const runCommit = () => {
    if (!validated(commit)) return;
    const body = { fileId: list.fileId, ...requestOf(form.values), reason: form.values.reason.trim() };
    if (commit === 'apply') {
      apply.mutate(body, {
        onSuccess: (applied) =>
          onDone({ kind: 'applied', versionId: applied.provenance.result.fileVersionId, versionNumber: applied.provenance.result.versionNumber, verdict: applied.check?.verdict ?? null }),
      });
    } else {
      propose.mutate(body, { onSuccess: (proposal) => onDone({ kind: 'proposed', proposalId: proposal.id }) });
    }
  };

  return (
    <Stack gap="sm" data-testid="redaction-form" data-operation={operation.id}>
      <Text size="sm">{operation.description}</Text>
      {operation.fields.map((field) => (
        <RedactionParameterInput key={field.name} field={field} inputProps={form.getInputProps(`parameters.${field.name}`, field.type === 'boolean' ? { type: 'checkbox' } : undefined)} />
      ))}
      {candidates.length > 0 && (
        <Checkbox.Group label="Findings this redaction resolves" description="Kept with the new version; the checks run again on it." {...form.getInputProps('findingKeys')}>
          <Stack gap={4} mt={4} data-testid="redaction-targets">
            {candidates.map((c) => (
              <Checkbox key={c.findingKey} value={c.findingKey} label={`${c.message} (${c.rule})`} size="xs" />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      <ErrorAlert error={preview.error} title="The preview failed" />
      <Group justify="flex-end">
        <Button variant={previewHolds ? 'default' : 'filled'} onClick={runPreview} loading={preview.isPending} disabled={preview.isPending} data-testid="redaction-preview-button">
          {previewHolds ? 'Preview again' : 'Preview'}
        </Button>
      </Group>
      {preview.data && !previewHolds && (
        <Text size="xs" c="dimmed" data-testid="preview-outdated">
          The parameters changed since the preview: preview again before you {commit}.
        </Text>
      )}
      {preview.data && previewHolds && (
        <Stack gap="sm" data-testid="redaction-preview">
          <Divider label="Preview" labelPosition="left" />
          <Text size="xs" c="dimmed">
            v{preview.data.original.versionNumber}, {formatBytes(preview.data.original.bytes)} → {formatBytes(preview.data.result.bytes)} · new sha256 {preview.data.result.sha256.slice(0, 12)}…
          </Text>
          <RedactionOutcomeView outcome={preview.data.outcome} label="Changes the redaction would make" />
          <Textarea label="Reason" description={COMMIT_WORDS[commit].help} withAsterisk autosize minRows={2} maxRows={6} maxLength={REDACTION_REASON_MAX_LENGTH} {...form.getInputProps('reason')} />
          {isStaleRedaction(committing.error) ? (
            <Alert color="yellow" title="The file changed" role="alert">
              <Text size="sm">A newer version of this file arrived since you opened it. Close this and redact the new version.</Text>
            </Alert>
          ) : (
            <ErrorAlert error={committing.error} title={commit === 'apply' ? 'The redaction was not applied' : 'The redaction was not proposed'} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={runCommit} loading={committing.isPending} disabled={committing.isPending || preview.data.outcome.changeCount === 0} data-testid="redaction-commit">
              {COMMIT_WORDS[commit].button}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function DoneView({ packageId, fileId, path, done, onClose }: { packageId: string; fileId: string; path: string; done: Done; onClose: () => void }) {
  return (
    <Stack gap="sm" data-testid="redaction-done" data-kind={done.kind}>
      {done.kind === 'applied' ? (
        <Alert color="teal" title={`v${done.versionNumber} of ${path} is the current version`}>
          <Group gap={6}>
            <Text size="sm">The checks ran on it:</Text>
            {done.verdict ? (
              <Badge color={VERDICT_COLORS[done.verdict as keyof typeof VERDICT_COLORS]} variant="light" data-testid="redacted-verdict" data-verdict={done.verdict}>
                {VERDICT_LABELS[done.verdict as keyof typeof VERDICT_LABELS]}
              </Badge>
            ) : (
              <Text size="sm">they will run when the package is submitted.</Text>
            )}
          </Group>
        </Alert>
      ) : (
        <Alert color="blue" title="Redaction proposed">
          <Text size="sm">The authors see it on the package page with this diff, and accept or decline it.</Text>
        </Alert>
      )}
      <RedactionDiffPanel packageId={packageId} subject={done.kind === 'applied' ? { kind: 'version', fileId, versionId: done.versionId } : { kind: 'proposal', proposalId: done.proposalId }} />
      <CloseButton onClose={onClose} />
    </Stack>
  );
}

function CloseButton({ onClose }: { onClose: () => void }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        Close
      </Button>
    </Group>
  );
}
