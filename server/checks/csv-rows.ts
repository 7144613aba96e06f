/**
 * Turns lines of CSV/TSV into rows, one line at a time: lines without quotes are split
 * directly into offsets (the common case, and the fast one: no string per cell); quoted fields
 * may contain delimiters, doubled quotes and line breaks, in which case the cells are built as
 * strings and the row may complete on a later line.
 */
import type { TableRow } from './table-row';

/** A search result, with "not found" as Infinity (after every position). */
function found(at: number): number {
  return at < 0 ? Infinity : at;
}

export class CsvRowAssembler {
  private pending: string[] | undefined;
  private field = '';
  private inQuotes = false;
  private readonly delimiterText: string;
  /** The text last searched, and where its next quote and next delimiter are (Infinity: none). */
  private searched = '';
  private nextQuote = -1;
  private nextDelimiter = -1;

  constructor(delimiter: string) {
    this.delimiterText = delimiter;
  }

  /**
   * Takes the next line, `text[start, end)`; fills `row` and returns true when a row is
   * complete, false for an empty line or while a quoted field spans lines.
   */
  push(text: string, start: number, end: number, row: TableRow): boolean {
    if (!this.pending) {
      if (start === end) return false;
      if (this.splitPlain(text, start, end, row)) return true;
    }
    const cells = this.quoted(text.slice(start, end));
    if (!cells) return false;
    row.setCells(cells);
    return true;
  }

  /** A row left open by an unterminated quote at the end of the text, into `row`. */
  end(row: TableRow): boolean {
    if (!this.pending) return false;
    row.setCells([...this.pending, this.field]);
    this.pending = undefined;
    this.field = '';
    this.inQuotes = false;
    return true;
  }

  /**
   * Splits a line without quotes into `row`; false (row left unfinished) when it has a quote.
   * The next quote and the next delimiter are found natively and remembered for the text, so
   * that a search which runs past the end of a line is not repeated for the lines after it.
   */
  private splitPlain(text: string, start: number, end: number, row: TableRow): boolean {
    if (text !== this.searched) {
      this.searched = text;
      this.nextQuote = -1;
      this.nextDelimiter = -1;
    }
    if (this.nextQuote < start) this.nextQuote = found(text.indexOf('"', start));
    if (this.nextQuote < end) return false;
    row.reset(text);
    let cellStart = start;
    for (;;) {
      if (this.nextDelimiter < cellStart) this.nextDelimiter = found(text.indexOf(this.delimiterText, cellStart));
      if (this.nextDelimiter >= end) break;
      row.add(cellStart, this.nextDelimiter);
      cellStart = this.nextDelimiter + 1;
    }
    row.add(cellStart, end);
    return true;
  }

  /** Reads a line with quotes; the cells of a complete row, or undefined while a quoted field is open. */
  private quoted(line: string): string[] | undefined {
    const cells = this.pending ?? [];
    if (this.pending) this.field += '\n';
    const delimiter = this.delimiterText;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (this.inQuotes) {
        if (ch === '"') {
          if (line[i + 1] === '"') {
            this.field += '"';
            i++;
          } else this.inQuotes = false;
        } else this.field += ch;
      } else if (ch === '"' && this.field.length === 0) this.inQuotes = true;
      else if (ch === delimiter) {
        cells.push(this.field);
        this.field = '';
      } else this.field += ch;
    }
    if (this.inQuotes) {
      this.pending = cells;
      return undefined;
    }
    cells.push(this.field);
    this.field = '';
    this.pending = undefined;
    return cells;
  }
}
