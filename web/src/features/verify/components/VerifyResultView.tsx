import { Alert, Code, Progress, Stack, Table, Text } from '@mantine/core';
import { formatDateTime, formatTier } from '../../../lib/format';
import type { VerificationState } from '../api';

const bytes = (n: number) => `${n.toLocaleString('en')} bytes`;

/** Progress while the bundle is hashed, then the verdict in plain words. */
export function VerifyResultView({ state }: { state: VerificationState }) {
  if (state.step === 'idle') return null;
  if (state.step === 'running') {
    const { progress } = state;
    const percent = progress && progress.bytesTotal > 0 ? (progress.bytesDone / progress.bytesTotal) * 100 : 0;
    return (
      <Stack gap={4} aria-live="polite">
        <Text size="sm">
          Checking {state.fileName}
          {progress ? `: ${bytes(progress.bytesDone)} of ${bytes(progress.bytesTotal)} hashed` : ': reading the zip and the signature…'}
        </Text>
        <Progress value={percent} aria-label="Verification progress" animated />
      </Stack>
    );
  }
  if (state.step === 'failed') {
    return (
      <Alert color="orange" title="The file could not be read" role="alert">
        <Text size="sm">{state.message}</Text>
      </Alert>
    );
  }
  const { result } = state;
  if (!result.ok) {
    return (
      <Alert color="red" title="Not verified" role="alert" data-testid="verify-result">
        <Text size="sm">
          <strong>{state.fileName}</strong> failed the check: {result.problem.message}
        </Text>
        {result.problem.path && (
          <Text size="sm" mt={4}>
            File: <Code>{result.problem.path}</Code>
          </Text>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          Code: {result.problem.code}. Do not use the contents as released outputs; ask the data safe haven for a fresh copy.
        </Text>
      </Alert>
    );
  }
  const { summary } = result;
  const rows: [string, string][] = [
    ['Package', `${summary.package.title} (${summary.package.kind})`],
    ['Project', `${summary.project.name} · ${summary.workPackage.name}`],
    ['Tier', formatTier(summary.tier)],
    ['Files', `${summary.files} (${bytes(summary.bytes)})`],
    ['Released', `${formatDateTime(summary.release.releasedAt)} by ${summary.release.releasedBy}`],
    ['Sign-offs', `${summary.signOffs}, all bound to the released content`],
    ['Signing key', summary.keyFingerprint],
  ];
  return (
    <Alert color="teal" title="Verified" role="status" data-testid="verify-result">
      <Text size="sm" mb="xs">
        <strong>{state.fileName}</strong> is intact: every file matches the signed manifest, nothing is missing or added, and the signature is valid.
      </Text>
      <Table withRowBorders={false} verticalSpacing={2} aria-label="Bundle summary">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={140}>{label}</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
