/**
 * What a redaction changed, shown after it is applied or proposed and on each proposal: for a
 * text-like file a line diff (removed lines red, added lines green, numbered in both versions)
 * where the caller may read the content, else the server's reason; for other files the change
 * list. The outcome's notes are always shown.
 */
import { Alert, Box, Text } from '@mantine/core';
import type { RedactionDiff } from '../../../../common/contracts/redaction.contract';
import { type DiffSubject, useRedactionDiff } from '../../lib/redaction';
import { diffRows } from '../../lib/redaction-view';
import { QueryState } from '../ui/QueryState';
import { RedactionOutcomeView } from './RedactionOutcomeView';

const ROW_COLORS = { ' ': undefined, '-': 'var(--mantine-color-red-1)', '+': 'var(--mantine-color-teal-1)', '@': 'var(--mantine-color-gray-1)' } as const;

export function RedactionDiffPanel({ packageId, subject }: { packageId: string; subject: DiffSubject }) {
  const diff = useRedactionDiff(packageId, subject);
  return <QueryState query={diff}>{(d) => <RedactionDiffView diff={d} />}</QueryState>;
}

export function RedactionDiffView({ diff }: { diff: RedactionDiff }) {
  const to = diff.to.versionNumber === null ? 'the proposed file' : `v${diff.to.versionNumber}`;
  return (
    <Box data-testid="redaction-diff" data-kind={diff.kind}>
      <Text size="sm" mb={6}>
        From v{diff.from.versionNumber} to {to}
        <Text span size="xs" c="dimmed" ff="monospace">
          {' '}
          ({diff.from.sha256.slice(0, 12)}… → {diff.to.sha256.slice(0, 12)}…)
        </Text>
      </Text>
      {diff.kind === 'text' && diff.refusal === null && diff.hunks.length > 0 && <LineDiff diff={diff} />}
      {diff.kind === 'text' && diff.refusal !== null && (
        <Alert color="gray" p="xs" mb={6} data-testid="diff-refused">
          <Text size="sm">{diff.refusal} The list of changes below says where the file changed.</Text>
        </Alert>
      )}
      {diff.truncated && (
        <Text size="xs" c="dimmed" mb={6}>
          The diff is long and is cut here.
        </Text>
      )}
      <RedactionOutcomeView outcome={diff.outcome} />
    </Box>
  );
}

function LineDiff({ diff }: { diff: RedactionDiff }) {
  const gutter = { color: 'var(--mantine-color-dimmed)', textAlign: 'right', padding: '0 6px', userSelect: 'none', width: '1%', whiteSpace: 'nowrap' } as const;
  return (
    <Box mb="sm" style={{ maxHeight: 360, overflow: 'auto', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
      <table aria-label="Line diff" data-testid="line-diff" style={{ borderCollapse: 'collapse', width: '100%', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 }}>
        <tbody>
          {diffRows(diff.hunks).map((row, i) => (
            <tr key={i} data-op={row.op} style={{ background: ROW_COLORS[row.op] }}>
              <td style={gutter}>{row.oldNumber ?? ''}</td>
              <td style={gutter}>{row.newNumber ?? ''}</td>
              <td style={{ ...gutter, textAlign: 'center' }} aria-label={row.op === '-' ? 'removed' : row.op === '+' ? 'added' : undefined}>
                {row.op === '@' ? '' : row.op}
              </td>
              <td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', padding: '0 6px', fontStyle: row.op === '@' ? 'italic' : undefined }}>{row.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}
