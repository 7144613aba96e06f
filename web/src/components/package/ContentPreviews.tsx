/**
 * A file's content beside its findings: a CSV/TSV as a table with the flagged cells
 * highlighted, a text file as its lines with the flagged ones highlighted. Values found by
 * the personal-identifier and secret checks are masked (see findings-view.ts).
 */
import { Box, Code, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { Fragment, useMemo } from 'react';
import type { Finding } from '../../../../common/contracts/scan.contract';
import type { Severity } from '../../../../common/vocab/findings';
import { ErrorAlert } from '../ui/ErrorAlert';
import { type PreviewKind, cellKey, excerpt, isSensitive, maskLine, maskValue, parseDelimited, placeOnTable, worstSeverity } from '../../lib/findings-view';

const HIGHLIGHT = { block: 'var(--mantine-color-red-1)', review: 'var(--mantine-color-yellow-1)', info: 'var(--mantine-color-gray-1)' } as const satisfies Record<Severity, string>;
const EDGE = { block: 'var(--mantine-color-red-6)', review: 'var(--mantine-color-yellow-6)', info: 'var(--mantine-color-gray-5)' } as const satisfies Record<Severity, string>;

const tip = (findings: Finding[]) => findings.map((f) => `${f.severity}: ${f.message}`).join('\n');

function Gap({ span }: { span: number }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={span} ta="center" c="dimmed" fz="xs">
        …
      </Table.Td>
    </Table.Tr>
  );
}

/** A delimited file as a table; rows far from any finding are left out when the file is long. */
export function CsvPreview({ text, tsv, findings }: { text: string; tsv: boolean; findings: Finding[] }) {
  const { records, placed, shown, width } = useMemo(() => {
    const records = parseDelimited(text, tsv);
    const placed = placeOnTable(records, findings);
    const flaggedRows = new Set<number>([...placed.rows.keys(), ...[...placed.cells.keys()].map((k) => Number(k.split(':')[0]))]);
    const shown = excerpt(records.length, flaggedRows).filter((r) => r !== 0);
    const width = Math.max(1, ...records.map((r) => r.cells.length));
    return { records, placed, shown, width };
  }, [text, tsv, findings]);

  if (records.length === 0) return <Text size="sm">The file is empty.</Text>;
  const header = records[0]?.cells ?? [];
  const renderCell = (row: number, c: number, value: string, header = false) => {
    const here = placed.cells.get(cellKey(row, c));
    const Cell = header ? Table.Th : Table.Td;
    if (!here) return <Cell key={c}>{value}</Cell>;
    const severity = worstSeverity(here);
    return (
      <Cell key={c} bg={HIGHLIGHT[severity]} title={tip(here)} data-flagged={severity} style={{ outline: `1px solid ${EDGE[severity]}` }}>
        {here.some(isSensitive) ? maskValue(value) : value}
      </Cell>
    );
  };

  return (
    <Table.ScrollContainer minWidth={480} maxHeight={480}>
      <Table withTableBorder withColumnBorders fz="xs" verticalSpacing={2} aria-label="File content with findings" data-testid="csv-preview" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th c="dimmed">#</Table.Th>
            {Array.from({ length: width }, (_, c) => renderCell(0, c, header[c] ?? '', true))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((row, i) => {
            if (row === null) return <Gap key={`gap-${i}`} span={width + 1} />;
            const record = records[row];
            if (!record) return null;
            const rowFindings = placed.rows.get(row);
            const severity = rowFindings ? worstSeverity(rowFindings) : undefined;
            return (
              <Table.Tr key={row} data-row={row}>
                <Table.Td c="dimmed" title={rowFindings ? tip(rowFindings) : `line ${record.line}`} style={severity ? { borderLeft: `4px solid ${EDGE[severity]}` } : undefined}>
                  {row}
                </Table.Td>
                {Array.from({ length: width }, (_, c) => renderCell(row, c, record.cells[c] ?? ''))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A text file's lines; lines with findings are highlighted and the flagged values masked. */
export function TextPreview({ text, findings }: { text: string; findings: Finding[] }) {
  const { lines, byLine, shown } = useMemo(() => {
    const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    if (lines.at(-1) === '') lines.pop();
    const byLine = new Map<number, Finding[]>();
    for (const f of findings) {
      const line = f.location?.line;
      if (line !== undefined && f.location?.row === undefined) byLine.set(line, [...(byLine.get(line) ?? []), f]);
    }
    const shown = excerpt(
      lines.length,
      [...byLine.keys()].map((l) => l - 1),
    );
    return { lines, byLine, shown };
  }, [text, findings]);

  return (
    <Box data-testid="text-preview" mah={480} style={{ overflow: 'auto', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
      <Code block fz="xs" p={0} bg="transparent" aria-label="File content with findings">
        {shown.map((index, i) => {
          if (index === null)
            return (
              <Text key={`gap-${i}`} c="dimmed" fz="xs" px="xs">
                …
              </Text>
            );
          const lineNo = index + 1;
          const here = byLine.get(lineNo);
          const line = lines[index] ?? '';
          const severity = here ? worstSeverity(here) : undefined;
          const columns = here?.filter((f) => isSensitive(f) && f.location?.column !== undefined).map((f) => f.location?.column as number) ?? [];
          // A sensitive finding without a column cannot be placed within the line: the whole line is masked.
          const maskWhole = here?.some((f) => isSensitive(f) && f.location?.column === undefined) ?? false;
          return (
            <Box
              key={lineNo}
              data-line={lineNo}
              data-flagged={severity}
              title={here ? tip(here) : undefined}
              px="xs"
              bg={severity ? HIGHLIGHT[severity] : undefined}
              style={{ display: 'flex', gap: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all', borderLeft: `3px solid ${severity ? EDGE[severity] : 'transparent'}` }}
            >
              <Text span c="dimmed" fz="xs" ff="monospace" style={{ minWidth: 36, textAlign: 'right', userSelect: 'none' }}>
                {lineNo}
              </Text>
              <span>
                {maskWhole ? maskValue(line) : maskLine(line, columns).map((piece, p) => <Fragment key={p}>{piece.masked ? <mark data-masked="true">{piece.text}</mark> : piece.text}</Fragment>)}
              </span>
            </Box>
          );
        })}
      </Code>
    </Box>
  );
}

/** A textual file's content as it loads (useFileText): a note, the error, then the lines (`text`) or the table (`csv`, `tsv`). */
export function LoadedContentPreview({ content, kind, findings }: { content: UseQueryResult<string>; kind: Extract<PreviewKind, 'csv' | 'tsv' | 'text'>; findings: Finding[] }) {
  if (content.isPending)
    return (
      <Text size="sm" c="dimmed">
        Loading the content…
      </Text>
    );
  if (content.isError) return <ErrorAlert error={content.error} title="Could not load the content" />;
  return kind === 'text' ? <TextPreview text={content.data} findings={findings} /> : <CsvPreview text={content.data} tsv={kind === 'tsv'} findings={findings} />;
}
