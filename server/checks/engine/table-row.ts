/**
 * One row of a table as offsets into a text (the piece of a CSV being read, or the joined cells
 * of a row built in code): a cell is only cut out as a string when a reader needs one, so the
 * rows of a large CSV cost no string per cell. The engine reuses one instance from row to row:
 * a reader that keeps a row must copy it (`cells()`).
 *
 * Example: over `North,12,` the row has 3 cells; `cell(0)` → 'North', `integer(1)` → 12,
 * `cellLength(2)` → 0, `cell(5)` → '' (past the end, as `cells[5] ?? ''`).
 */
/**
 * Parses a non-negative whole count of at most 15 digits from `text[start, end)` without
 * allocating; -1 when it is not one (the fast path of the sdc cell reader and of TableRow.integer).
 */
export function plainInteger(text: string, start = 0, end = text.length): number {
  if (end === start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

export class TableRow {
  text = '';
  length = 0;
  /** Where each cell starts and ends in `text` (for loops over every cell of a row: read below `length` only). */
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** A row of the given cells. */
  static of(cells: readonly string[]): TableRow {
    return new TableRow().setCells(cells);
  }

  /** Makes this row the given cells (joined into one text). */
  setCells(cells: readonly string[]): this {
    this.text = cells.join('\n');
    this.length = 0;
    let at = 0;
    for (const cell of cells) {
      this.add(at, at + cell.length);
      at += cell.length + 1;
    }
    return this;
  }

  /** Starts an empty row over `text`; cells are then added in order. */
  reset(text: string): void {
    this.text = text;
    this.length = 0;
  }

  /** Adds the cell `text[start, end)`. */
  add(start: number, end: number): void {
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /**
   * True when one of the first `width` cells (width ≤ length) is not empty. Cells are contiguous,
   * one separator apart, however the row was built (cut at delimiters, or `setCells`), so the
   * cells hold text exactly when the span from the first to the last is longer than its separators.
   */
  anyFilled(width: number): boolean {
    return width > 0 && this.ends[width - 1]! - this.starts[0]! > width - 1;
  }

  /** The cell's text; '' past the last cell. */
  cell(i: number): string {
    return i < this.length ? this.text.slice(this.starts[i], this.ends[i]) : '';
  }

  /** Every cell, as strings (a copy that outlives the row). */
  cells(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.cell(i));
    return out;
  }

  /** The cell's length in UTF-16 code units; 0 past the last cell. */
  cellLength(i: number): number {
    return i < this.length ? this.ends[i]! - this.starts[i]! : 0;
  }

  /** The code unit at `k` of the cell; NaN past its end or past the last cell. */
  charCode(i: number, k: number): number {
    return i < this.length && this.starts[i]! + k < this.ends[i]! ? this.text.charCodeAt(this.starts[i]! + k) : NaN;
  }

  /** The last code unit of the cell; NaN when it is empty or past the last cell. */
  lastCharCode(i: number): number {
    return i < this.length && this.ends[i]! > this.starts[i]! ? this.text.charCodeAt(this.ends[i]! - 1) : NaN;
  }

  /** The cell as a non-negative whole number of at most 15 digits, read without a string; -1 when it is not one. */
  integer(i: number): number {
    return i < this.length ? plainInteger(this.text, this.starts[i]!, this.ends[i]!) : -1;
  }

  /** Where the cell starts in `text` (0 past the last cell): for reading it without a string. */
  start(i: number): number {
    return i < this.length ? this.starts[i]! : 0;
  }

  /** Where the cell ends in `text` (0 past the last cell). */
  end(i: number): number {
    return i < this.length ? this.ends[i]! : 0;
  }
}
