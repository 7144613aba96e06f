/**
 * Reads the tables that statistics packages print as plain text, so that the sdc (and
 * microdata) table analysers see them as they see a CSV: R `table()`/`xtabs` output and printed
 * data frames (columns aligned with spaces), R `summary()` of a data frame (`level:count` cells,
 * of which only factor and logical columns hold counts), Stata `tabulate` output (`|` and
 * `---+---`) and Markdown pipe tables (`knitr::kable`). Prose, code, and rows whose cells are not
 * numbers are never read as tables; coefficient tables are read but the analysers recognise
 * their headers and leave them alone.
 *
 * Example: the text
 *   ` sex  n` / `   F 12` / `   M  7`
 * gives one table `[['sex','n'],['F','12'],['M','7']]` at line 1, and the sdc rules then report
 * the 7 as a small count.
 */
import { readAlignedTables, readAcrossTable } from './printed-table-aligned';
import { readPipeTable } from './printed-table-pipes';
import { readSummaryTables } from './printed-table-summary';
import type { LineBlock, PrintedTable } from './printed-table-parts';

/** Lines longer than this are not part of a printed table (minified data, encoded blobs). */
const MAX_LINE = 2000;
/** At most this many tables are read from one text, so that pathological input stays cheap. */
const MAX_TABLES = 500;

/** Lines that are never table rows: R's `[1] …` vector prints and `#` comments (tibble captions, `# … with 2 more rows`). */
function isNoise(line: string): boolean {
  return /^\s*(?:\[\d+\]|#)/.test(line);
}

/**
 * A run is read in parts of at most this many lines (a long printed data frame, a log without
 * blank lines): each part is read as soon as it is full, with the run's first line (its header)
 * at its top, so memory stays bounded when streamed and no line goes unread.
 */
const MAX_BLOCK_LINES = 10_000;

/**
 * Reads printed tables from text one line at a time, so that a text streamed from disk is read
 * as a whole text is: lines gather into runs of consecutive non-blank lines (blank, noise and
 * over-long lines end a run), and each run is read for tables as soon as it ends. Each table
 * goes to `onTable` as it is found; at most MAX_TABLES are read.
 */
export class PrintedTableReader {
  private current: LineBlock | null = null;
  private found = 0;

  constructor(private readonly onTable: (table: PrintedTable) => void) {}

  /** The line numbered `lineNo` (1-based), without its `\n`. */
  line(raw: string, lineNo: number): void {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.includes('\t')) line = line.replace(/\t/g, '    ');
    if (line.length > MAX_LINE || !/\S/.test(line) || isNoise(line)) {
      this.endBlock();
      return;
    }
    if (this.found >= MAX_TABLES) return;
    this.current ??= { lines: [], start: lineNo };
    this.current.lines.push(line.trimEnd());
    if (this.current.lines.length >= MAX_BLOCK_LINES) {
      const header = this.current.lines[0]!;
      this.endBlock();
      // The next part starts under the same header (numbered as if it stood just above it).
      this.current = { lines: [header], start: lineNo };
    }
  }

  /** Reads the run still open at the end of the text. */
  end(): void {
    this.endBlock();
  }

  private endBlock(): void {
    const block = this.current;
    this.current = null;
    if (!block || block.lines.length < 2) return;
    const found = readPipeTable(block) ?? readSummaryTables(block) ?? readAcrossTable(block) ?? readAlignedTables(block);
    for (const table of found) {
      if (this.found >= MAX_TABLES) return;
      this.found++;
      this.onTable(table);
    }
  }
}

/** True for the files whose text may hold printed tables: text outputs (`.txt`, `.log`, `.Rout`…), not code, CSV or Markdown. */
export function isPrintedTextFile(file: { mediaType: string }): boolean {
  return file.mediaType === 'text/plain';
}

/** Every table printed in the text, in order. */
export function readPrintedTables(text: string): PrintedTable[] {
  const tables: PrintedTable[] = [];
  const reader = new PrintedTableReader((table) => tables.push(table));
  text.split('\n').forEach((line, index) => reader.line(line, index + 1));
  reader.end();
  return tables;
}
