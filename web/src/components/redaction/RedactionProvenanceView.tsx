/**
 * The provenance of a redacted version, as the versions dialog shows it: "redacted from v1 by
 * X", the operation and its parameters, the reason, the findings it was meant to resolve, who
 * accepted it when it came from a reviewer's proposal, and the original and new sha256.
 */
import { Code, Stack, Text } from '@mantine/core';
import { MANUAL_REDACTION_OPERATION, type RedactionProvenance } from '../../../../common/contracts/redaction.contract';
import { formatDateTime } from '../../lib/format';
import { useVersionProvenance } from '../../lib/redaction';

/** Loads a version's provenance and shows it when a redaction made the version; nothing otherwise. */
export function VersionProvenanceLine({ packageId, fileId, versionId }: { packageId: string; fileId: string; versionId: string }) {
  const provenance = useVersionProvenance(packageId, fileId, versionId);
  if (!provenance.data?.provenance) return null;
  return <RedactionProvenanceView provenance={provenance.data.provenance} />;
}

export function RedactionProvenanceView({ provenance: p }: { provenance: RedactionProvenance }) {
  const parameters = Object.keys(p.parameters).length === 0 ? 'defaults' : JSON.stringify(p.parameters);
  const byHand = p.operation === MANUAL_REDACTION_OPERATION;
  return (
    <Stack gap={2} data-testid="version-provenance" data-operation={p.operation} mt={4}>
      {byHand ? (
        <Text size="xs">
          Redacted by hand inside the environment, replacing v{p.original.versionNumber}; linked by {p.by.name} on {formatDateTime(p.at)}
        </Text>
      ) : (
        <>
          <Text size="xs">
            Redacted from v{p.original.versionNumber} by {p.by.name} on {formatDateTime(p.at)}
            {p.acceptedBy && ` (a reviewer’s proposal), accepted by ${p.acceptedBy.name}${p.acceptedAt ? ` on ${formatDateTime(p.acceptedAt)}` : ''}`}
          </Text>
          <Text size="xs">
            Operation <Code>{p.operation}</Code> with <Code>{parameters}</Code>
          </Text>
        </>
      )}
      <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
        Reason: {p.reason}
      </Text>
      <Text size="xs">
        Findings: {p.targets.length === 0 ? 'none named' : p.targets.map((t) => t.rule).join(', ')} · {p.outcome.changeCount} {p.outcome.changeCount === 1 ? 'change' : 'changes'}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
        original sha256 {p.original.sha256}
        <br />
        new sha256 {p.result.sha256}
      </Text>
    </Stack>
  );
}
