/**
 * Places check findings on a file's content for review (pure functions, no React):
 *
 * - CSV/TSV: the text is split into records as the checks split it (blank lines skipped, the
 *   header is record 0, quoted fields may span lines). Table findings name `{row, column}`
 *   (record index, 1-based cell); line findings name `{line, column}` (1-based line and
 *   character), which is mapped to the record and cell that hold that character.
 * - text: line findings mark their line; where a column is given, the value there is masked.
 *
 * Findings never carry the value they matched, and neither does the screen by default: a
 * flagged value shows its first two and last two characters with bullets between. The checks
 * give no length, so the value is taken from the content: the token starting at the column,
 * extended over up to two following words that start with a capital or a digit ("SW1A 1AA",
 * "Jane Smith", "020 7946 0000").
 *
 * Example: line 3 `contact: jane.doe@example.org` with `{line:3, column:10}` →
 * `contact: ja••••••••••••••••rg`.
 */
import { sniffDelimiter } from '../../../common/text/csv-delimiter';
import type { Finding, ScannedEntry } from '../../../common/contracts/scan.contract';
import type { Severity } from '../../../common/vocab/findings';

/** Content this size or smaller is shown next to its findings. */
export const PREVIEW_LIMIT_BYTES = 2 * 1024 * 1024;

/** "jane.doe@example.org" → "ja••••••••••••••••rg"; four characters or fewer are all bullets. */
export function maskValue(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 4) return '•'.repeat(chars.length);
  return `${chars.slice(0, 2).join('')}${'•'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

const TOKEN_END = /[\s,;"'<>()[\]{}|]/;
const CONTINUES = /^[A-Z0-9]/;
const MAX_SPAN = 48;

/** The [start, end) of the value at a 0-based character index of a line. */
export function spanAt(line: string, start: number): [number, number] | undefined {
  if (start < 0 || start >= line.length) return undefined;
  const tokenEnd = (from: number) => {
    let i = from;
    while (i < line.length && !TOKEN_END.test(line[i] as string)) i++;
    return i;
  };
  let end = tokenEnd(start);
  if (end === start) end = start + 1;
  for (let extra = 0; extra < 2; extra++) {
    if (line[end] !== ' ' || !CONTINUES.test(line.slice(end + 1))) break;
    const next = tokenEnd(end + 1);
    if (next - start > MAX_SPAN) break;
    end = next;
  }
  return [start, end];
}

/** A line split around the masked values found at the given 1-based columns. */
export type LinePiece = { text: string; masked: boolean };

export function maskLine(line: string, columns: number[]): LinePiece[] {
  const spans = columns
    .map((c) => spanAt(line, c - 1))
    .filter((s): s is [number, number] => s !== undefined)
    .sort((a, b) => a[0] - b[0]);
  const pieces: LinePiece[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue; // overlaps the previous span
    if (start > at) pieces.push({ text: line.slice(at, start), masked: false });
    pieces.push({ text: maskValue(line.slice(start, end)), masked: true });
    at = end;
  }
  if (at < line.length) pieces.push({ text: line.slice(at), masked: false });
  return pieces;
}

/** The worst severity of some findings. */
export function worstSeverity(findings: Finding[]): Severity {
  if (findings.some((f) => f.severity === 'block')) return 'block';
  if (findings.some((f) => f.severity === 'review')) return 'review';
  return 'info';
}

/** Families whose findings point at a value that must not be shown in clear. */
const SENSITIVE_FAMILIES = new Set(['pii', 'secrets']);
export const isSensitive = (finding: Finding) => SENSITIVE_FAMILIES.has(finding.family);

// ---- CSV / TSV -------------------------------------------------------------------------------

export interface CsvRecord {
  cells: string[];
  /** 1-based line where the record starts. */
  line: number;
  /** Per cell: the 1-based line and the 0-based character where its text starts. */
  starts: { line: number; at: number }[];
}

/** Splits delimited text into records the way the checks number them (see the module comment). */
export function parseDelimited(text: string, tsv: boolean): CsvRecord[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const records: CsvRecord[] = [];
  let delimiter: string | undefined = tsv ? '\t' : undefined;
  let open: CsvRecord | undefined;
  let field = '';
  let inQuotes = false;
  let fieldStart = { line: 0, at: 0 };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = records.length === 0 && !open && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (!open && line.length === 0) return;
    delimiter ??= sniffDelimiter(line);
    if (open) field += '\n';
    else {
      open = { cells: [], line: lineNo, starts: [] };
      fieldStart = { line: lineNo, at: 0 };
    }
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (inQuotes) {
        if (ch === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else field += ch;
      } else if (ch === '"' && field.length === 0) inQuotes = true;
      else if (ch === delimiter) {
        open.cells.push(field);
        open.starts.push(fieldStart);
        field = '';
        fieldStart = { line: lineNo, at: i + 1 };
      } else field += ch;
    }
    if (inQuotes) return;
    open.cells.push(field);
    open.starts.push(fieldStart);
    records.push(open);
    open = undefined;
    field = '';
  });
  if (open) {
    open.cells.push(field);
    open.starts.push(fieldStart);
    records.push(open);
  }
  return records;
}

/** Key of a cell in `cellFindings`: record index and 0-based cell index. */
export const cellKey = (row: number, cell: number) => `${row}:${cell}`;

/**
 * The findings of each cell, and the findings that name a row or line but no cell (by record
 * index). Findings with no usable place are left for the list.
 */
export function placeOnTable(records: CsvRecord[], findings: Finding[]): { cells: Map<string, Finding[]>; rows: Map<number, Finding[]> } {
  const cells = new Map<string, Finding[]>();
  const rows = new Map<number, Finding[]>();
  const add = <K>(map: Map<K, Finding[]>, key: K, f: Finding) => map.set(key, [...(map.get(key) ?? []), f]);
  const recordOfLine = (line: number): number => {
    let found = -1;
    for (let r = 0; r < records.length && (records[r] as CsvRecord).line <= line; r++) found = r;
    return found;
  };
  for (const f of findings) {
    const at = f.location;
    if (!at) continue;
    if (at.row !== undefined) {
      if (at.column !== undefined) add(cells, cellKey(at.row, at.column - 1), f);
      else add(rows, at.row, f);
    } else if (at.line !== undefined) {
      const r = recordOfLine(at.line);
      if (r < 0) continue;
      const record = records[r] as CsvRecord;
      if (at.column === undefined) {
        add(rows, r, f);
        continue;
      }
      const column0 = at.column - 1;
      let cell = -1;
      record.starts.forEach((s, i) => {
        if (s.line < at.line! || (s.line === at.line && s.at <= column0)) cell = i;
      });
      if (cell >= 0) add(cells, cellKey(r, cell), f);
      else add(rows, r, f);
    }
  }
  return { cells, rows };
}

// ---- excerpts --------------------------------------------------------------------------------

/**
 * Which of `count` items to show: all when few, else the first `head`, and every flagged item
 * with `around` neighbours. A null in the answer marks a gap.
 */
export function excerpt(count: number, flagged: Iterable<number>, options: { whole?: number; head?: number; around?: number } = {}): (number | null)[] {
  const { whole = 200, head = 20, around = 2 } = options;
  if (count <= whole) return Array.from({ length: count }, (_, i) => i);
  const keep = new Set<number>();
  for (let i = 0; i < Math.min(head, count); i++) keep.add(i);
  for (const f of flagged) for (let i = Math.max(0, f - around); i <= Math.min(count - 1, f + around); i++) keep.add(i);
  const sorted = [...keep].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((i, n) => {
    if (n > 0 && i !== (sorted[n - 1] as number) + 1) out.push(null);
    out.push(i);
  });
  if ((sorted.at(-1) ?? -1) < count - 1) out.push(null);
  return out;
}

// ---- what kind of preview ---------------------------------------------------------------------

export type PreviewKind = 'csv' | 'tsv' | 'text' | 'image' | 'none';

/** The kinds whose content is read as text and shown beside the findings (LoadedContentPreview). */
export const isTextualPreview = (kind: PreviewKind): kind is 'csv' | 'tsv' | 'text' => kind === 'csv' || kind === 'tsv' || kind === 'text';

const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/x-ipynb+json', 'application/javascript', 'application/x-sh', 'application/sql']);

/** How a file's content is shown beside its findings. */
export function previewKind(path: string, mediaType: string, bytes: number): PreviewKind {
  const name = path.toLowerCase();
  if (mediaType.startsWith('image/')) return 'image';
  if (bytes > PREVIEW_LIMIT_BYTES) return 'none';
  if (mediaType === 'text/tab-separated-values' || name.endsWith('.tsv')) return 'tsv';
  if (mediaType === 'text/csv' || name.endsWith('.csv')) return 'csv';
  if (mediaType.startsWith('text/') || TEXT_TYPES.has(mediaType)) return 'text';
  return 'none';
}

/** Every finding of an entry and its nested entries, counted. */
export function countFindings(entry: ScannedEntry): number {
  return entry.findings.length + entry.entries.reduce((n, e) => n + countFindings(e), 0);
}

/**
 * An archive entry's name for display: the part after the archive ("#2 p••••.csv" from
 * "…/bundle.zip!/#2 p••••.csv"; the checks name a member by its position and masked name, never
 * its text), nested archives joined with " › ".
 */
export function entryLabel(path: string): string {
  const parts = path.split('!/');
  return parts.length > 1 ? parts.slice(1).join(' › ') : path;
}
