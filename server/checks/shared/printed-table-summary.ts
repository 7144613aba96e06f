/**
 * R's `summary()` of a data frame, printed: a line of column names over rows of `label:value`
 * cells, each column's colons aligned. Numeric columns (`Min.`, `1st Qu.`, `Median`…) and
 * character columns (`Length`, `Class`, `Mode`) hold statistics, not counts, and are skipped;
 * factor columns (`F:120`, `(Other):57`, `NA's:3`) and logical columns (`FALSE:12`, `TRUE:3`)
 * are frequency tables, one table per column.
 *
 * Example: ` sex      age` / ` F:12   Min.   :16` / ` M: 7   Max.   :99`
 * → one table `[['sex','n'],['F','12'],['M','7']]` (the `age` column holds statistics).
 */
import type { LineBlock, PrintedTable } from './printed-table-parts';

/** Labels of the statistics `summary()` prints for numeric, date and character columns. */
const STATISTIC_LABELS = /^(?:Min\.|1st Qu\.|Median|Mean|3rd Qu\.|Max\.|NA's|Length|Class|Mode)$/;

/** A `label:value` cell: something, optional spaces, the colon, optional spaces, the value. */
const CELL = /[^\s:] *: *\S/;

interface Column {
  colon: number;
  name: string;
  rows: string[][];
  statistics: boolean;
  logical: boolean;
}

/** Positions of the colons that end each column's labels, taken from the first cell row (every column has a first cell). */
function colonPositions(line: string): number[] {
  const positions: number[] = [];
  for (let i = line.indexOf(':'); i >= 0; i = line.indexOf(':', i + 1)) positions.push(i);
  return positions;
}

/** The value right of a colon: the first token after the spaces. */
function valueAfter(line: string, colon: number): { value: string; end: number } {
  let start = colon + 1;
  while (line[start] === ' ') start++;
  let end = start;
  while (end < line.length && line[end] !== ' ') end++;
  return { value: line.slice(start, end), end };
}

/** The tables of a printed `summary()` block, or null when the block is not one. */
export function readSummaryTables(block: LineBlock): PrintedTable[] | null {
  const [header, first, ...more] = block.lines;
  if (!header || !first || header.includes(':') || !CELL.test(first)) return null;
  const body = [first, ...more];
  // Code (`x <- "a:b"`, URLs) is never a summary; every summary has two rows at least.
  if (body.length < 2 || body.some((line) => /"|<-|:\/\//.test(line))) return null;
  if (body.filter((line) => CELL.test(line)).length < body.length * 0.8) return null;
  const colons = colonPositions(first);
  const names = header.trim().split(/\s+/);
  const columns: Column[] = colons.map((colon, index) => ({
    colon,
    name: names.length === colons.length ? names[index]! : `column ${index + 1}`,
    rows: [],
    statistics: false,
    logical: false,
  }));
  for (const line of body) {
    let labelStart = 0;
    for (const column of columns) {
      if (line[column.colon] !== ':') continue;
      const label = line.slice(labelStart, column.colon).trim();
      const { value, end } = valueAfter(line, column.colon);
      labelStart = end;
      if (label.length === 0) continue;
      if (STATISTIC_LABELS.test(label)) {
        if (label === 'Mode' && value === 'logical') column.logical = true;
        else if (label !== "NA's") column.statistics = true;
      }
      column.rows.push([label, value]);
    }
  }
  return columns
    .filter((column) => column.logical || !column.statistics)
    .filter((column) => column.rows.length > 0)
    .map((column) => ({
      rows: [[column.name, 'n'], ...column.rows.filter(([label]) => !(column.logical && label === 'Mode'))],
      line: block.start,
    }));
}
