/**
 * Runs text through the line detectors and tables through the table analysers. Text arrives
 * in chunks (a stream from disk, or one string from a format handler); lines are split as they
 * come, so memory stays flat however large the file. Very long lines are cut into 64 KiB
 * pieces so that no detector ever sees an unbounded string.
 */
import { sniffDelimiter } from '../../../common/text/csv-delimiter';
export { sniffDelimiter };
import type { LineEnds } from './csv-marks';
import { CsvRowAssembler } from './csv-rows';
import { LINE_DETECTORS, TABLE_ANALYZERS } from '../registry';
import { LinePrefilter, hintsOf } from './line-hints';
import { PrintedTableReader, isPrintedTextFile } from '../shared/printed-table';
import { TableRow } from './table-row';
import type { CheckContext, FileInfo, Finding, FindingLocation, LineDetector, LineDetectorFactory } from './types';

/** Lines longer than this reach the detectors in pieces of this many characters, each with the line's number. */
export const MAX_LINE = 64 * 1024;

/** The findings of a text whose line k is row k of a table: each `line` becomes that `row` (the column within the line is dropped). */
export function linesAsRows(findings: Finding[]): Finding[] {
  return findings.map((f) => {
    if (f.location?.line === undefined) return f;
    const { line, column: _column, ...rest } = f.location;
    return { ...f, location: { ...rest, row: line } };
  });
}

/** Adds `location` to each finding (the finding's own location wins where both name a field). */
export function locate(findings: Finding[], location: FindingLocation | undefined): Finding[] {
  if (!location || Object.keys(location).length === 0) return findings;
  return findings.map((f) => ({ ...f, location: { ...location, ...f.location } }));
}

/**
 * Feeds text, chunk by chunk, to every line detector. One pass over each chunk works out
 * which detectors may care about each line (line-hints.ts); a line no detector (and no table
 * reader) needs is counted and never even cut out of the chunk.
 */
export class LineScanner {
  private readonly detectors: LineDetector[];
  private readonly everyLine: ((() => boolean) | undefined)[];
  private readonly prefilter: LinePrefilter;
  private readonly findings: Finding[] = [];
  private carry = '';
  /** The piece being read, while `visit` cuts lines out of it. */
  private text = '';
  /** Flags of the piece's lines, and where each ends, reused from piece to piece. */
  private readonly flags: number[] = [];
  private readonly ends: number[] = [];
  /** Bits of the detectors that asked (everyLine) to see every line from now on. */
  private sticky = 0;
  private lineNo = 0;
  /** True while a line longer than MAX_LINE is read in pieces: the pieces share one line number. */
  private cut = false;

  constructor(
    file: FileInfo,
    ctx: CheckContext,
    private readonly location?: FindingLocation,
    /**
     * Also receives every line, as `text[start, end)` without its line break, with its 1-based
     * number (the table reader of a CSV shares the one pass over the text, and needs no string
     * per line). A line longer than 64 KiB arrives in pieces that share its number; every piece
     * but the last has `continues` set.
     */
    private readonly onLine?: (text: string, start: number, end: number, lineNo: number, continues: boolean) => void,
    factories: readonly LineDetectorFactory[] = LINE_DETECTORS,
  ) {
    this.detectors = factories.map((make) => make(file, ctx));
    this.everyLine = this.detectors.map((d) => {
      const hinted = hintsOf(d);
      return hinted?.everyLine?.bind(hinted);
    });
    this.prefilter = new LinePrefilter(this.detectors);
    this.everyLine.forEach((every, k) => {
      if (every?.()) this.sticky |= 1 << k;
    });
  }

  /**
   * Takes the next piece of text. `bytes`, when given, are the piece as read (UTF-8 or
   * Latin-1, so its lines are the text's lines); otherwise the text is encoded for the prefilter.
   * `lineEnds`, when given, are where the piece's line breaks are (found with its cells, csv-marks.ts).
   */
  push(chunk: string, bytes?: Uint8Array, lineEnds?: LineEnds): void {
    const firstBreak = chunk.indexOf('\n');
    if (firstBreak < 0) {
      this.carry += chunk;
    } else {
      // The line that straddles the previous piece is read on its own; the rest in one pass.
      this.lineText(this.carry + chunk.slice(0, firstBreak));
      const rest = firstBreak + 1;
      const known = lineEnds?.text === chunk ? lineEnds : undefined;
      this.carry = chunk.slice(this.detectors.length > 0 ? this.visitFlagged(chunk, rest, bytes) : known ? this.visitKnown(chunk, rest, known) : this.visitAll(chunk, rest));
    }
    while (this.carry.length > MAX_LINE) {
      this.lineText(this.carry.slice(0, MAX_LINE), true);
      this.carry = this.carry.slice(MAX_LINE);
    }
  }

  /** Visits the lines of `chunk` from `start` with their prefilter flags; returns where the unfinished last line starts. */
  private visitFlagged(chunk: string, start: number, bytes: Uint8Array | undefined): number {
    const encoded = bytes ?? Buffer.from(chunk, 'utf8');
    const count = this.prefilter.lineFlags(encoded, this.flags, encoded.length, this.ends);
    // One byte per character (ASCII, Latin-1): the line ends found in the bytes are the text's.
    const sameOffsets = encoded.length === chunk.length;
    this.text = chunk;
    for (let k = 1; k < count; k++) {
      const end = sameOffsets ? this.ends[k]! : chunk.indexOf('\n', start);
      if (end < 0) break; // bytes that do not match the text: the rest is read as the carry
      this.visit(start, end, this.flags[k]!);
      start = end + 1;
    }
    this.text = '';
    return start;
  }

  /** With no line detectors (only the table reader), the line ends are found natively and nothing is flagged. */
  private visitAll(chunk: string, start: number): number {
    this.text = chunk;
    for (let end = chunk.indexOf('\n', start); end >= 0; end = chunk.indexOf('\n', start)) {
      this.visit(start, end, 0);
      start = end + 1;
    }
    this.text = '';
    return start;
  }

  /** visitAll over line ends already found. */
  private visitKnown(chunk: string, start: number, known: LineEnds): number {
    this.text = chunk;
    const { lineEnds, lines } = known;
    for (let k = 0; k < lines; k++) {
      const end = lineEnds[k]!;
      if (end < start) continue;
      this.visit(start, end, 0);
      start = end + 1;
    }
    this.text = '';
    return start;
  }

  end(): Finding[] {
    if (this.carry.length > 0) this.lineText(this.carry);
    this.carry = '';
    for (const d of this.detectors) if (d.finish) this.findings.push(...d.finish());
    return locate(this.findings, this.location);
  }

  /** One line of `this.text`, [start, end) without the `\n`, with its prefilter flags. */
  private visit(start: number, end: number, flags: number): void {
    this.lineNo++;
    const stop = end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    this.onLine?.(this.text, start, stop, this.lineNo, false);
    // Only a line that some detector wants is cut out of the piece.
    if ((flags | this.sticky) !== 0) this.line(this.text.slice(start, stop), flags);
  }

  /** A piece of text that is one line on its own (the end of the text), or a piece of a very long line that `continues`. */
  private lineText(raw: string, continues = false): void {
    if (!this.cut) this.lineNo++;
    this.cut = continues;
    const text = !continues && raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    this.onLine?.(text, 0, text.length, this.lineNo, continues);
    this.line(text, this.prefilter.flagsOf(raw));
  }

  private line(text: string, flags: number): void {
    const wanted = flags | this.sticky;
    if (wanted === 0) return;
    for (let k = 0; k < this.detectors.length; k++) {
      const bit = 1 << k;
      if ((wanted & bit) === 0) continue;
      const found = this.detectors[k]!.line(text, this.lineNo);
      if (found.length > 0) this.findings.push(...found);
      // A detector's state only changes when it reads a line, so this is the moment to ask again.
      const every = this.everyLine[k];
      if (every) this.sticky = every() ? this.sticky | bit : this.sticky & ~bit;
    }
  }
}

/** Runs one whole string through the line detectors. */
export function scanText(text: string, file: FileInfo, ctx: CheckContext, location?: FindingLocation): Finding[] {
  const scanner = new LineScanner(file, ctx, location);
  scanner.push(text);
  return scanner.end();
}

/**
 * A text scanner for a file: the line detectors, plus, for CSV/TSV (`delimiter` given), the
 * table analysers fed from the same lines, or, for a text output, the tables printed in it. Push text in chunks, then `end()`. With no
 * `detectors`, only the tables are read (the table thread of a streamed CSV, table.worker.ts).
 */
export function textFileScanner(
  file: FileInfo,
  ctx: CheckContext,
  delimiter: string | undefined,
  detectors: readonly LineDetectorFactory[] = LINE_DETECTORS,
): { push(chunk: string, bytes?: Uint8Array): void; end(): Finding[] } {
  if (!delimiter) return isPrintedTextFile(file) ? printedTextScanner(file, ctx, detectors) : new LineScanner(file, ctx, undefined, undefined, detectors);
  const table = new TableScanner(file, ctx);
  const row = new TableRow();
  let rows: CsvRowAssembler | undefined;
  const lines = new LineScanner(
    file,
    ctx,
    undefined,
    (text, start, end, _lineNo, continues) => {
      if (rows === undefined) {
        // A byte-order mark belongs to the file, not to the first column's name.
        if (text.charCodeAt(start) === 0xfeff) start++;
        if (start === end) return;
        rows = new CsvRowAssembler(delimiter === ',' ? sniffDelimiter(text.slice(start, end)) : delimiter);
      }
      if (rows.push(text, start, end, row, continues)) table.tableRow(row);
    },
    detectors,
  );
  return {
    push: (chunk, bytes) => {
      // Once the delimiter is known, each piece's line and cell boundaries are found in one pass over its bytes.
      lines.push(chunk, bytes, rows && bytes ? rows.mark(chunk, bytes) : undefined);
    },
    end: () => {
      const found = lines.end();
      if (rows?.end(row)) table.tableRow(row);
      return [...found, ...table.end()];
    },
  };
}

/** A text output (`text/plain`): the line detectors, and the tables printed in it (R, Stata, SAS…) read from the same lines. */
function printedTextScanner(file: FileInfo, ctx: CheckContext, detectors: readonly LineDetectorFactory[]): { push(chunk: string, bytes?: Uint8Array): void; end(): Finding[] } {
  // Each table is checked as soon as it is read: only its findings are kept.
  const tableFindings: Finding[] = [];
  const printed = new PrintedTableReader((table) => tableFindings.push(...scanTable(table.rows, file, ctx, { line: table.line })));
  const lines = new LineScanner(file, ctx, undefined, (text, start, end, lineNo) => printed.line(text.slice(start, end), lineNo), detectors);
  return {
    push: (chunk, bytes) => lines.push(chunk, bytes),
    end: () => {
      const found = lines.end();
      printed.end();
      return [...found, ...tableFindings];
    },
  };
}

/** Feeds a table, row by row, to every table analyser. The first row is the header. */
export class TableScanner {
  private readonly analyzers;
  private rowNo = 0;
  /** One row object for `row()`, reused: the analysers keep no reference to a row. */
  private readonly scratch = new TableRow();

  constructor(
    file: FileInfo,
    ctx: CheckContext,
    private readonly location: FindingLocation = {},
  ) {
    this.analyzers = TABLE_ANALYZERS.map((make) => make(file, ctx, { location }));
  }

  row(cells: string[]): void {
    this.tableRow(this.scratch.setCells(cells));
  }

  /** The next row, as offsets (the analysers read it at once and keep no reference to it). */
  tableRow(row: TableRow): void {
    if (this.rowNo === 0) {
      const cells = row.cells();
      for (const a of this.analyzers) a.header(cells);
    } else for (const a of this.analyzers) a.row(row, this.rowNo);
    this.rowNo++;
  }

  end(): Finding[] {
    return locate(
      this.analyzers.flatMap((a) => a.finish()),
      this.location,
    );
  }
}

export function scanTable(rows: string[][], file: FileInfo, ctx: CheckContext, location?: FindingLocation): Finding[] {
  const scanner = new TableScanner(file, ctx, location);
  for (const row of rows) scanner.row(row);
  return scanner.end();
}
