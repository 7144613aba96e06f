/**
 * Writes the redacted copy of a CSV/TSV while its records stream past: every byte is copied
 * from the input except the spans a redaction replaces or removes, so what is not changed stays
 * byte for byte the same (dialect, quoting, encoding, line ends). The output goes to a file
 * opened here and is flushed after each chunk of input, so memory stays flat.
 *
 * Example: for the record `North,7,12` an edit of cell 1 to `[REDACTED]` writes
 * `North,[REDACTED],12`; a dropped record is not written at all, its line end included.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { CsvRecord } from './csv-records';

export class CsvWriter {
  private out: Buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  private used = 0;
  /** How far the current input buffer has been copied or skipped. */
  private copiedUpTo = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<CsvWriter> {
    return new CsvWriter(await open(path, 'w'));
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.used + bytes));
    this.out.copy(bigger, 0, 0, this.used);
    this.out = bigger;
  }

  private copy(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    buf.copy(this.out, this.used, from, to);
    this.used += to - from;
  }

  private write(bytes: Buffer): void {
    this.reserve(bytes.length);
    bytes.copy(this.out, this.used);
    this.used += bytes.length;
  }

  /** Replaces cell `i` of the record with `value` (cells must be replaced in order along a record). */
  replaceCell(rec: CsvRecord, i: number, value: Buffer): void {
    this.copy(rec.buf, this.copiedUpTo, rec.starts[i]!);
    this.write(value);
    this.copiedUpTo = rec.ends[i]!;
  }

  /** Leaves the whole record out, its line end included. */
  dropRecord(rec: CsvRecord): void {
    this.copy(rec.buf, this.copiedUpTo, rec.start);
    this.copiedUpTo = rec.next;
  }

  /** Writes the record with only the cells `keep` says to keep (raw, quotes kept), joined by `delimiter`. */
  keepCells(rec: CsvRecord, keep: (i: number) => boolean, delimiter: number): void {
    this.copy(rec.buf, this.copiedUpTo, rec.start);
    let written = 0;
    for (let i = 0; i < rec.count; i++) {
      if (!keep(i)) continue;
      if (written++ > 0) {
        this.reserve(1);
        this.out[this.used++] = delimiter;
      }
      this.copy(rec.buf, rec.starts[i]!, rec.ends[i]!);
    }
    this.copiedUpTo = rec.contentEnd;
  }

  /** The records of `buf[0, upTo)` are done: copies what is left of them and writes it out. */
  async chunkDone(buf: Buffer, upTo: number): Promise<void> {
    this.copy(buf, this.copiedUpTo, upTo);
    this.copiedUpTo = 0;
    let at = 0;
    while (at < this.used) at += (await this.handle.write(this.out, at, this.used - at)).bytesWritten;
    this.used = 0;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
