/**
 * Reads a CSV/TSV file record by record as byte spans, so that a redaction can rewrite only the
 * cells it changes and copy every other byte as it was: the delimiter, the quoting of each cell,
 * the encoding (any ASCII-compatible one: UTF-8, Latin-1, Windows-1252), a byte-order mark and
 * the line ends all survive untouched. Records are numbered as the checks number them
 * (server/checks/engine/csv-rows.ts): empty lines are skipped, a quoted field may span lines,
 * and the first record is row 0.
 *
 * Example: over `region,n\r\n"North, East",12\r\n` the second record has rowNo 1, two cells,
 * `text(0)` → 'North, East' (its raw span keeps the quotes), `integer(1)` → 12, and its line
 * end `\r\n` lies between `contentEnd` and `next`.
 */
import { open } from 'node:fs/promises';
import { RedactionError } from '../types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Bytes read at a time; a record longer than the buffer makes it grow (up to MAX_RECORD_BYTES). */
export const READ_BYTES = 1024 * 1024;
/** A record (a quoted field spanning lines included) longer than this is refused: memory stays bounded. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** One record as spans of the buffer being read; reused from record to record (copy what you keep). */
export class CsvRecord {
  buf: Buffer = Buffer.alloc(0);
  /** Where the record's first cell starts, where its content ends (before `\r\n`/`\n`), and where the next record starts. */
  start = 0;
  contentEnd = 0;
  next = 0;
  rowNo = 0;
  count = 0;
  /** Raw span of each cell, quotes included. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly quoted: boolean[] = [];

  /** The cell's value as text (quotes removed, doubled quotes undone; UTF-8); '' past the last cell. */
  text(i: number): string {
    if (i >= this.count) return '';
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (!this.quoted[i]) return this.buf.toString('utf8', s, e);
    const close = this.buf.lastIndexOf(QUOTE, e - 1);
    const inner = this.buf.toString('utf8', s + 1, close > s ? close : e);
    const after = close > s && close + 1 < e ? this.buf.toString('utf8', close + 1, e) : '';
    return inner.replace(/""/g, '"') + after;
  }

  /** Every cell's value (a copy). */
  texts(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.text(i));
    return out;
  }

  /** The cell as a plain whole number (digits only, unquoted), read from the bytes; -1 when it is not one. */
  integer(i: number): number {
    if (i >= this.count || this.quoted[i]) return -1;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (e === s || e - s > 15) return -1;
    let value = 0;
    for (let k = s; k < e; k++) {
      const d = this.buf[k]! - 48;
      if (d < 0 || d > 9) return -1;
      value = value * 10 + d;
    }
    return value;
  }

  /** The raw bytes of the cell, quotes included. */
  raw(i: number): Buffer {
    return this.buf.subarray(this.starts[i]!, this.ends[i]!);
  }
}

/**
 * Splits the record starting at `start` into `rec`; returns where the next record starts, or -1
 * when the buffer ends inside it and more bytes are needed (`eof` false).
 */
export function splitRecord(buf: Buffer, start: number, length: number, delimiter: number, eof: boolean, rec: CsvRecord, quoteHint: { next: number }): number {
  let lineEnd = buf.indexOf(LF, start);
  if (lineEnd >= length) lineEnd = -1;
  if (lineEnd < 0 && !eof) return -1;
  const stop = lineEnd < 0 ? length : lineEnd;
  if (quoteHint.next < start) {
    const q = buf.indexOf(QUOTE, start);
    quoteHint.next = q < 0 || q >= length ? Infinity : q;
  }
  rec.buf = buf;
  rec.start = start;
  rec.count = 0;
  if (quoteHint.next >= stop) {
    // No quote on the line: cut at the delimiters.
    const contentEnd = stop > start && buf[stop - 1] === CR ? stop - 1 : stop;
    let cellStart = start;
    for (let k = start; k < contentEnd; k++) {
      if (buf[k] === delimiter) {
        push(rec, cellStart, k, false);
        cellStart = k + 1;
      }
    }
    push(rec, cellStart, contentEnd, false);
    rec.contentEnd = contentEnd;
    rec.next = lineEnd < 0 ? length : lineEnd + 1;
    return rec.next;
  }
  return splitQuoted(buf, start, length, delimiter, eof, rec);
}

function push(rec: CsvRecord, s: number, e: number, quoted: boolean): void {
  rec.starts[rec.count] = s;
  rec.ends[rec.count] = e;
  rec.quoted[rec.count] = quoted;
  rec.count++;
}

/** A record with quotes: a quote opens a field only at its start (as the checks read it); a field may span lines. */
function splitQuoted(buf: Buffer, start: number, length: number, delimiter: number, eof: boolean, rec: CsvRecord): number {
  let k = start;
  let cellStart = start;
  for (;;) {
    let quoted = false;
    if (k < length && buf[k] === QUOTE) {
      quoted = true;
      k++;
      for (;;) {
        const q = buf.indexOf(QUOTE, k);
        if (q < 0 || q >= length) {
          if (!eof) return -1;
          throw new RedactionError('redaction.unparseable', 'The file ends inside a quoted field: it is not a well-formed CSV/TSV file');
        }
        if (q + 1 < length && buf[q + 1] === QUOTE) {
          k = q + 2;
          continue;
        }
        if (q + 1 >= length && !eof) return -1;
        k = q + 1;
        break;
      }
    }
    // The rest of the field, up to a delimiter or the end of the line.
    while (k < length && buf[k] !== delimiter && buf[k] !== LF) k++;
    if (k >= length && !eof) return -1;
    if (k < length && buf[k] === delimiter) {
      push(rec, cellStart, k, quoted);
      k++;
      cellStart = k;
      continue;
    }
    const contentEnd = k > cellStart && buf[k - 1] === CR ? k - 1 : k;
    push(rec, cellStart, contentEnd, quoted);
    rec.contentEnd = contentEnd;
    rec.next = k < length ? k + 1 : length;
    return rec.next;
  }
}

/** Receives what the reader passes over: each record, and each chunk once its records are read. */
export interface RecordVisitor {
  /** Returns false to stop reading (the rest of the file is not read). */
  record(rec: CsvRecord): void | boolean;
  /** Called after the records of `buf[0, upTo)` have been visited (bytes past `upTo` are read again next time). */
  chunkDone?(buf: Buffer, upTo: number): Promise<void> | void;
  /** The fresh bytes of each read, before their records are visited (e.g. for the checks' own reader). */
  bytes?(chunk: Buffer): void;
}

/**
 * Streams the file at `path` through `visitor`, one record at a time, with memory bounded by
 * the longest record. `bomLength` bytes at the start (a byte-order mark) are passed over.
 */
export async function streamCsvRecords(path: string, delimiter: number, visitor: RecordVisitor, signal: AbortSignal): Promise<number> {
  const handle = await open(path, 'r');
  const rec = new CsvRecord();
  const quoteHint = { next: -1 };
  let buf = Buffer.allocUnsafe(2 * READ_BYTES);
  let carry = 0;
  let rowNo = 0;
  let first = true;
  try {
    for (;;) {
      if (signal.aborted) throw new RedactionError('redaction.too_large', 'The redaction ran out of time');
      if (buf.length - carry < READ_BYTES) {
        if (carry > MAX_RECORD_BYTES) throw new RedactionError('redaction.too_large', `A record is longer than ${MAX_RECORD_BYTES} bytes`);
        const bigger = Buffer.allocUnsafe(carry + 2 * READ_BYTES);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, carry, READ_BYTES, null);
      const eof = bytesRead === 0;
      if (!eof) visitor.bytes?.(buf.subarray(carry, carry + bytesRead));
      const length = carry + bytesRead;
      let pos = 0;
      if (first && length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      if (first && (length >= 3 || eof)) first = false;
      quoteHint.next = -1;
      let stopped = false;
      while (pos < length && !stopped) {
        const next = splitRecord(buf, pos, length, delimiter, eof, rec, quoteHint);
        if (next < 0) break;
        // An empty line is no record (as the checks read it); its bytes are copied through.
        if (rec.contentEnd > rec.start || rec.count > 1) {
          rec.rowNo = rowNo++;
          stopped = visitor.record(rec) === false;
        }
        pos = next;
      }
      await visitor.chunkDone?.(buf, pos);
      if (eof || stopped) break;
      buf.copy(buf, 0, pos, length);
      carry = length - pos;
    }
  } finally {
    await handle.close();
  }
  return rowNo;
}
