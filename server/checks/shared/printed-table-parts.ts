/**
 * What the printed-table readers share: the table and line-run shapes and the cell tests. In its
 * own module so that printed-table.ts (the line reader) and the readers it calls
 * (printed-table-aligned, -pipes, -summary) do not import each other.
 */

/** A table found in text: its rows (header first) and the 1-based line of its header. */
export interface PrintedTable {
  rows: string[][];
  line: number;
}

/** A run of lines with the 1-based number of the first. */
export interface LineBlock {
  lines: string[];
  start: number;
}

/** True for a cell a printed table of counts may hold: a number, a percentage or a missing/suppressed marker. */
export function isNumericCell(cell: string): boolean {
  const text = cell.trim();
  if (text.length === 0) return true;
  return (/^[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?(?:[eE][-+]?\d+)?%?$/.test(text) && /\d/.test(text)) || /^(?:NA|NaN|<NA>|NA_|-|\.|\[REDACTED\]|REDACTED|<\d+|<=\d+|\*{1,3}|x|c)$/i.test(text);
}

/** True for a whole-number cell (`12`, `1,204`): what a count looks like. */
export function isWholeCell(cell: string): boolean {
  return /^(?:\d+|\d{1,3}(?:,\d{3})+)$/.test(cell.trim());
}
