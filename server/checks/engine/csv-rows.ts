/**
 * Turns lines of CSV/TSV into rows, one line at a time: lines without quotes are split
 * directly into offsets (the common case, and the fast one: no string per cell); quoted fields
 * may contain delimiters, doubled quotes and line breaks, in which case the cells are built as
 * strings and the row may complete on a later line.
 */
import { type CellMarks, markCells } from './csv-marks';
import type { TableRow } from './table-row';

/** A search result, with "not found" as Infinity (after every position). */
function found(at: number): number {
  return at < 0 ? Infinity : at;
}

/** A row (one line, or lines joined by a quoted field) longer than this is dropped, not held: memory stays bounded. */
const MAX_ROW_CHARS = 16 * 1024 * 1024;

export class CsvRowAssembler {
  private pending: string[] | undefined;
  private field = '';
  private inQuotes = false;
  /** True when the next text continues the same line (a line read in pieces): no line break joins them. */
  private joining = false;
  /** Characters of the open row so far; past MAX_ROW_CHARS the rest of the row is skipped. */
  private rowChars = 0;
  private skipping = false;
  private readonly delimiterText: string;
  /** The text last searched, and where its next quote and next delimiter are (Infinity: none). */
  private searched = '';
  private nextQuote = -1;
  private nextDelimiter = -1;
  /** The marks of the piece being read (csv-marks.ts), and the first of them not yet passed. */
  private marked: CellMarks | undefined;
  private nextMark = 0;

  constructor(delimiter: string) {
    this.delimiterText = delimiter;
  }

  /**
   * Finds the cell boundaries of the next piece of text at once, from its bytes (one per
   * character), before its lines are pushed: a plain line is then cut at those marks. Lines of
   * any other text are split by searching, as without marks. Returns the marks (they hold the
   * piece's line ends too), or undefined when the piece cannot be marked.
   */
  mark(text: string, bytes: Uint8Array): CellMarks | undefined {
    this.marked = markCells(text, bytes, this.delimiterText.charCodeAt(0));
    this.nextMark = 0;
    return this.marked;
  }

  /**
   * Takes the next line, `text[start, end)`, or a piece of one that `continues` on the next
   * call; fills `row` and returns true when a row is complete, false for an empty line, while a
   * quoted field spans lines, or while a long line is still arriving.
   */
  push(text: string, start: number, end: number, row: TableRow, continues = false): boolean {
    if (this.skipping) {
      // The rest of an over-long row: dropped up to the end of its line (or of its quoted field).
      if (continues || !this.closesQuote(text, start, end)) return false;
      this.reset();
      return false;
    }
    if (!this.pending && !continues) {
      if (start === end) return false;
      if (this.splitPlain(text, start, end, row)) return true;
    }
    this.rowChars += end - start;
    if (this.rowChars > MAX_ROW_CHARS) {
      this.skipping = true;
      if (!continues && this.closesQuote(text, start, end)) this.reset();
      return false;
    }
    const cells = this.quoted(text.slice(start, end), continues);
    if (!cells) return false;
    row.setCells(cells);
    return true;
  }

  /** Whether the row ends with this line: outside quotes at its end (a quote count after an even start). */
  private closesQuote(text: string, start: number, end: number): boolean {
    let quotes = 0;
    for (let at = text.indexOf('"', start); at >= 0 && at < end; at = text.indexOf('"', at + 1)) quotes++;
    this.inQuotes = this.inQuotes !== (quotes % 2 === 1);
    return !this.inQuotes;
  }

  private reset(): void {
    this.pending = undefined;
    this.field = '';
    this.inQuotes = false;
    this.joining = false;
    this.rowChars = 0;
    this.skipping = false;
  }

  /** A row left open by an unterminated quote at the end of the text, into `row`. */
  end(row: TableRow): boolean {
    const open = this.pending && !this.skipping ? [...this.pending, this.field] : undefined;
    this.reset();
    if (!open) return false;
    row.setCells(open);
    return true;
  }

  /**
   * Splits a line without quotes into `row`; false (row left unfinished) when it has a quote.
   * The next quote and the next delimiter are found natively and remembered for the text, so
   * that a search which runs past the end of a line is not repeated for the lines after it.
   */
  private splitPlain(text: string, start: number, end: number, row: TableRow): boolean {
    if (this.marked !== undefined && this.marked.text === text) return this.splitMarked(text, start, end, row);
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

  /** splitPlain over a marked piece: the cells end at the marks inside the line; false at a quote. */
  private splitMarked(text: string, start: number, end: number, row: TableRow): boolean {
    const { marks, count } = this.marked!;
    let k = this.nextMark;
    // Marks of lines read another way (quoted ones) are passed over.
    while (k < count && marks[k]! >> 1 < start) k++;
    row.reset(text);
    let cellStart = start;
    for (; k < count; k++) {
      const mark = marks[k]!;
      const at = mark >> 1;
      if (at >= end) break;
      if ((mark & 1) === 1) {
        this.nextMark = k;
        return false;
      }
      row.add(cellStart, at);
      cellStart = at + 1;
    }
    row.add(cellStart, end);
    this.nextMark = k;
    return true;
  }

  /** Reads a line with quotes (or a piece of a long line); the cells of a complete row, or undefined while it is open. */
  private quoted(line: string, continues: boolean): string[] | undefined {
    const cells = this.pending ?? [];
    if (this.pending && !this.joining) this.field += '\n';
    this.joining = continues;
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
    if (this.inQuotes || continues) {
      this.pending = cells;
      return undefined;
    }
    cells.push(this.field);
    this.field = '';
    this.pending = undefined;
    this.rowChars = 0;
    return cells;
  }
}
