/**
 * Finds a table's real header and cells before the analysers look at them, as the engine hands
 * over rows exactly as read:
 *
 * - a title row above the header (`Contacts` in B2 above `FName, LName, DOB` in row 3) or a
 *   blank first row: the first row with two or more filled cells is the header;
 * - a semicolon- or tab-separated file read as comma-separated arrives as rows of one cell: the
 *   rows are split here, so `age;gender;zipcode` is still three columns.
 *
 * Example: `header(['', 'Contacts'])` → null (not sure yet); `row(TableRow.of(['', 'FName', 'LName', 'DOB']))`
 * → `{header: ['', 'FName', 'LName', 'DOB']}`; later rows → `{cells: row}`.
 */

import { TableRow } from '../engine/table-row';

/** What a row turned out to be: the header (late), a data row, or both (a held-back header and this row). */
export interface RowOutcome {
  header?: string[];
  cells?: TableRow;
}

function filledCells(cells: string[]): number {
  let filled = 0;
  for (const cell of cells) if (cell.trim().length > 0) filled++;
  return filled;
}

function unquote(cell: string): string {
  return cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

/** Per-table state: the delimiter fallback and a header row still in doubt. */
export class TableRows {
  private delimiter: string | null = null;
  /** A first row of at most one filled cell: a title, or a header of a narrow table. */
  private doubtful: string[] | null = null;
  /** True after a first row that is surely a title or blank (three or more cells, one filled at most). */
  private awaiting = false;
  /** The outcome of an ordinary data row, reused (callers read it at once): no object per row. */
  private readonly dataRow: RowOutcome = {};
  /** A row split here (one cell holding the delimiter), reused likewise. */
  private readonly splitRow = new TableRow();

  /** Takes the first row; returns the header, or null when the next row must decide. */
  header(raw: string[]): string[] | null {
    if (raw.length === 1) {
      const only = raw[0]!;
      this.delimiter = only.includes(';') ? ';' : only.includes('\t') ? '\t' : null;
    }
    const cells = this.split(raw);
    if (filledCells(cells) > 1) return cells;
    if (cells.length >= 3) this.awaiting = true;
    else this.doubtful = cells;
    return null;
  }

  /** Takes a data row as the engine numbers it. */
  row(raw: TableRow): RowOutcome {
    const cells = this.delimiter === null || raw.length !== 1 ? raw : this.splitRow.setCells(this.split(raw.cells()));
    if (this.awaiting) {
      const all = cells.cells();
      if (filledCells(all) > 1) {
        this.awaiting = false;
        return { header: all };
      }
      return {};
    }
    if (this.doubtful) {
      const doubtful = this.doubtful;
      this.doubtful = null;
      // A row wider than the first one, with two or more filled cells, is the header below a title.
      if (cells.length > doubtful.length && filledCells(cells.cells()) > 1) return { header: cells.cells() };
      return { header: doubtful, cells };
    }
    this.dataRow.cells = cells;
    return this.dataRow;
  }

  private split(cells: string[]): string[] {
    if (this.delimiter === null || cells.length !== 1) return cells;
    return cells[0]!.split(this.delimiter).map(unquote);
  }
}
