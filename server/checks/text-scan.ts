/**
 * Runs text through the line detectors and tables through the table analysers. Text arrives
 * in chunks (a stream from disk, or one string from a format handler); lines are split as they
 * come, so memory stays flat however large the file. Very long lines are cut into 64 KiB
 * pieces so that no detector ever sees an unbounded string.
 */
import { CsvRowAssembler } from './csv-rows';
import { LINE_DETECTORS, TABLE_ANALYZERS } from './registry';
import type { CheckContext, FileInfo, Finding, FindingLocation, LineDetector } from './types';

const MAX_LINE = 64 * 1024;

/** Adds `location` to each finding (the finding's own location wins where both name a field). */
export function locate(findings: Finding[], location: FindingLocation | undefined): Finding[] {
  if (!location || Object.keys(location).length === 0) return findings;
  return findings.map((f) => ({ ...f, location: { ...location, ...f.location } }));
}

/** Feeds text, chunk by chunk, to every line detector. */
export class LineScanner {
  private readonly detectors: LineDetector[];
  private readonly findings: Finding[] = [];
  private carry = '';
  private lineNo = 0;

  constructor(
    file: FileInfo,
    ctx: CheckContext,
    private readonly location?: FindingLocation,
    /** Also receives every line (the table reader of a CSV shares the one pass over the text). */
    private readonly onLine?: (line: string) => void,
  ) {
    this.detectors = LINE_DETECTORS.map((make) => make(file, ctx));
  }

  push(chunk: string): void {
    const parts = (this.carry + chunk).split('\n');
    this.carry = parts.pop() ?? '';
    for (const part of parts) this.line(part);
    while (this.carry.length > MAX_LINE) {
      this.line(this.carry.slice(0, MAX_LINE));
      this.carry = this.carry.slice(MAX_LINE);
    }
  }

  end(): Finding[] {
    if (this.carry.length > 0) this.line(this.carry);
    this.carry = '';
    for (const d of this.detectors) if (d.finish) this.findings.push(...d.finish());
    return locate(this.findings, this.location);
  }

  private line(raw: string): void {
    this.lineNo++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    this.onLine?.(text);
    for (const d of this.detectors) {
      const found = d.line(text, this.lineNo);
      if (found.length > 0) this.findings.push(...found);
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
 * The delimiter of a ".csv" file from its first line: many are written with semicolons (where
 * the comma is the decimal mark), some with tabs or bars. Commas win ties.
 */
export function sniffDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = firstLine.split(',').length - 1;
  for (const candidate of [';', '\t', '|']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A text scanner for a file: the line detectors, plus, for CSV/TSV (`delimiter` given), the
 * table analysers fed from the same lines. Push text in chunks, then `end()`.
 */
export function textFileScanner(file: FileInfo, ctx: CheckContext, delimiter: string | undefined): { push(chunk: string): void; end(): Finding[] } {
  if (!delimiter) return new LineScanner(file, ctx);
  const table = new TableScanner(file, ctx);
  let rows: CsvRowAssembler | undefined;
  const lines = new LineScanner(file, ctx, undefined, (raw) => {
    // A byte-order mark belongs to the file, not to the first column's name.
    const line = rows === undefined && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (rows === undefined && line.length === 0) return;
    rows ??= new CsvRowAssembler(delimiter === ',' ? sniffDelimiter(line) : delimiter);
    const row = rows.push(line);
    if (row) table.row(row);
  });
  return {
    push: (chunk) => lines.push(chunk),
    end: () => {
      const found = lines.end();
      const last = rows?.end();
      if (last) table.row(last);
      return [...found, ...table.end()];
    },
  };
}

/** Feeds a table, row by row, to every table analyser. The first row is the header. */
export class TableScanner {
  private readonly analyzers;
  private rowNo = 0;

  constructor(file: FileInfo, ctx: CheckContext, private readonly location: FindingLocation = {}) {
    this.analyzers = TABLE_ANALYZERS.map((make) => make(file, ctx, { location }));
  }

  row(cells: string[]): void {
    if (this.rowNo === 0) for (const a of this.analyzers) a.header(cells);
    else for (const a of this.analyzers) a.row(cells, this.rowNo);
    this.rowNo++;
  }

  end(): Finding[] {
    return locate(this.analyzers.flatMap((a) => a.finish()), this.location);
  }
}

export function scanTable(rows: string[][], file: FileInfo, ctx: CheckContext, location?: FindingLocation): Finding[] {
  const scanner = new TableScanner(file, ctx, location);
  for (const row of rows) scanner.row(row);
  return scanner.end();
}
