/**
 * Printed tables whose columns are aligned with spaces: R `table()`/`xtabs` cross-tabulations,
 * printed data frames and tibbles, fixed-width listings. Columns are the runs of character
 * positions not blank on every line (the gutters between them are blank on every line). A
 * table is a header line followed by data rows whose cells right of the first are all numbers,
 * percentages or missing/suppressed markers (right of several label cells when the header names
 * a count column, as in `region  sex  n`), so prose, code and listings of text never qualify.
 * A block may hold several tables one after the other: a line that is not such a data row, a
 * row after a `Total` row, or a line that would merge two columns starts the next table.
 *
 * Also R's one-way `table()`, printed across: a line of labels over a line of counts (repeated
 * when R wraps it), read down as `[['', 'n'], [label, count]…]`.
 *
 * Example: ` age    F  M` / ` 0-19  3  4` / ` 20+  10 12` → `[['age','F','M'],['0-19','3','4'],['20+','10','12']]`.
 */
import { isTotalLabel } from './table-cells';
import { headerWords, isCountHeader } from './header-words';
import { isNumericCell, isWholeCell, type LineBlock, type PrintedTable } from './printed-table-parts';

type Span = [number, number];

/**
 * The character positions where some line of a table is not blank; its runs are the columns
 * (as spans [start, end)). Lines are added one at a time, so cutting a long block stays linear.
 */
class ColumnMask {
  private used = new Uint8Array(256);
  private width = 0;

  add(line: string): void {
    if (line.length > this.used.length) {
      const wider = new Uint8Array(line.length * 2);
      wider.set(this.used);
      this.used = wider;
    }
    for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) !== 32) this.used[i] = 1;
    this.width = Math.max(this.width, line.length);
  }

  /** The columns, with `line` added if given (the mask itself is unchanged). */
  spans(line = ''): Span[] {
    const width = Math.max(this.width, line.length);
    const at = (i: number) => (i < this.width && this.used[i] === 1) || (i < line.length && line.charCodeAt(i) !== 32);
    const spans: Span[] = [];
    for (let i = 0; i < width; i++) {
      if (!at(i)) continue;
      const start = i;
      while (i < width && at(i)) i++;
      spans.push([start, i]);
    }
    return spans;
  }
}

function splitAt(line: string, spans: Span[]): string[] {
  return spans.map(([start, end]) => line.slice(start, end).trim());
}

/**
 * True when the row ends in numbers or markers, one at least a whole count, after one label cell;
 * after several label cells (`North  F  12`) only when `labels` (the header names a count column).
 */
function isDataRow(cells: string[], labels = false): boolean {
  let firstNumber = cells.length;
  while (firstNumber > 1 && isNumericCell(cells[firstNumber - 1]!)) firstNumber--;
  const numbers = cells.slice(firstNumber);
  if (!numbers.some(isWholeCell)) return false;
  return firstNumber === 1 || labels;
}

/** True when the last word of a line is a number or marker: cheap, and true of every data row. */
function endsInNumber(line: string): boolean {
  const last = line.slice(line.lastIndexOf(' ') + 1);
  return isNumericCell(last) && last.length > 0;
}

/** True when a header line names a count column (`n`, `Freq`, `count`…), which allows several label columns. */
function namesCount(line: string): boolean {
  return line
    .trim()
    .split(/\s+/)
    .some((word) => isCountHeader(headerWords(word)));
}

/**
 * True when a line can head a table of `dataRows` rows: every column right of the first is named.
 * A header of category values (`sex  0  1`, an R cross-tabulation) reads like a data row itself,
 * so it needs two value columns and two data rows: `key  value` listings never qualify.
 */
function isHeader(cells: string[], dataRows: number): boolean {
  const rest = cells.slice(1);
  if (rest.length === 0 || rest.some((cell) => cell === '')) return false;
  return !isDataRow(cells) || (rest.length >= 2 && dataRows >= 2);
}

/** A tibble's line of column types under its header (`<chr>  <dbl>  <int>`). */
function isTypeLine(line: string): boolean {
  return /^\s*<[a-z]+>(?:\s+<[a-z]+>)*$/i.test(line);
}

/** A rule under a header or around a table: dashes or equals signs only (SAS listings, `kable(format = 'simple')`). */
function isRuleLine(line: string): boolean {
  return /^[\s=-]*[=-]{3,}[\s=-]*$/.test(line);
}

/** Drops a tibble's row-number column (no header, cells 1, 2, 3…). */
function tidy(rows: string[][]): string[][] {
  const numbered = rows.length > 1 && rows[0]![0] === '' && rows.slice(1).every((row, index) => row[0] === String(index + 1));
  return numbered ? rows.map((row) => row.slice(1)) : rows;
}

/** Cuts a block into tables: each a header and the data rows below it. */
export function readAlignedTables(block: LineBlock): PrintedTable[] {
  const tables: PrintedTable[] = [];
  // Type lines and rules are dropped, keeping each line's number in the block.
  const kept = block.lines.flatMap((line, index) => (isTypeLine(line) || isRuleLine(line) ? [] : [{ line, index }]));
  const all = kept.map((k) => k.line);
  let start = 0;
  while (start < all.length - 1) {
    // Most lines of prose, code and logs do not end in a number: they are passed over without building a mask.
    if (!endsInNumber(all[start + 1]!)) {
      start++;
      continue;
    }
    const mask = new ColumnMask();
    mask.add(all[start]!);
    let spans = mask.spans();
    // Whether the header names a count column: worked out only when a row needs it.
    let named: boolean | undefined;
    const accepts = (cells: string[]) => isDataRow(cells) || (isDataRow(cells, true) && (named ??= namesCount(all[start]!)));
    let end = start + 1;
    for (; end < all.length; end++) {
      const next = all[end]!;
      if (!endsInNumber(next)) break;
      const nextSpans = mask.spans(next);
      const rows = end - start;
      const afterTotal = rows > 1 && isTotalLabel(splitAt(all[end - 1]!, spans)[0] ?? '');
      if (afterTotal || nextSpans.length < 2 || (rows > 1 && nextSpans.length < spans.length) || !accepts(splitAt(next, nextSpans))) break;
      mask.add(next);
      spans = nextSpans;
    }
    const lines = all.slice(start, end);
    // A header over one or more data rows (a title line above the header never gets a data row, so it is skipped).
    if (lines.length >= 2 && spans.length >= 2) {
      const rows = tidy(lines.map((line) => splitAt(line, spans)));
      if (rows.slice(1).every(accepts) && isHeader(rows[0]!, rows.length - 1)) tables.push({ rows, line: block.start + kept[start]!.index });
    }
    start = lines.length >= 2 ? end : start + 1;
  }
  return tables;
}

/** R's one-way table printed across (labels over counts, repeated when wrapped), or null when the block is not one. */
export function readAcrossTable(block: LineBlock): PrintedTable[] | null {
  const lines = block.lines.length % 2 === 1 ? block.lines.slice(1) : block.lines;
  if (lines.length < 2 || (block.lines.length % 2 === 1 && block.lines[0]!.trim().split(/\s+/).length !== 1)) return null;
  const rows: string[][] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const pair = [lines[i]!, lines[i + 1]!] as const;
    const mask = new ColumnMask();
    mask.add(pair[0]);
    const spans = mask.spans(pair[1]);
    const [labels, counts] = pair.map((line) => splitAt(line, spans)) as [string[], string[]];
    if (!counts.every((cell) => isWholeCell(cell) || /^(?:NA|\[REDACTED\])$/i.test(cell)) || labels.every((cell) => isNumericCell(cell))) return null;
    if (labels.some((cell) => /^(?:Min\.|1st|Median|Mean|3rd|Max\.|\d+(?:\.\d+)?%)$/.test(cell) || cell === '')) return null;
    labels.forEach((label, index) => rows.push([label, counts[index]!]));
  }
  const name = block.lines.length % 2 === 1 ? block.lines[0]!.trim() : '';
  return [{ rows: [[name, 'n'], ...rows], line: block.start }];
}
