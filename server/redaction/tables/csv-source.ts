/**
 * Opening a CSV/TSV for redaction: its delimiter (tab for TSV; for CSV the one the checks sniff
 * from the first line), and the two passes every table operation makes over it: one to read
 * (the checks' own table reader for the count columns, plus what the operation needs to know),
 * one to write the redacted copy through CsvWriter, cell edits only.
 *
 * Example: `const dialect = await csvDialect(source)` → `{ delimiter: 0x3b }` for a
 * semicolon-separated `.csv`.
 */
import { open } from 'node:fs/promises';
import { sniffDelimiter } from '../../../common/text/csv-delimiter';
import type { FileInfo } from '../../checks/engine/types';
import { RedactionError, type RedactionContext, type RedactionSource } from '../types';
import { CsvCountColumnProbe, type CountColumns } from './count-columns';
import { streamCsvRecords, type CsvRecord } from './csv-records';
import { CsvWriter } from './csv-writer';

export const CSV_MEDIA_TYPES = ['text/csv', 'text/tab-separated-values'];

export function isCsvSource(file: { mediaType: string }): boolean {
  return CSV_MEDIA_TYPES.includes(file.mediaType);
}

export interface CsvDialect {
  /** The delimiter as a character, and as its byte. */
  delimiter: string;
  byte: number;
}

/** The file's delimiter; refuses a file that is not CSV/TSV or has no text. */
export async function csvDialect(source: RedactionSource): Promise<CsvDialect> {
  if (!isCsvSource(source)) throw new RedactionError('redaction.unsupported_format', `Table operations read CSV, TSV and XLSX files, not ${source.mediaType}`);
  if (source.mediaType === 'text/tab-separated-values') return { delimiter: '\t', byte: 9 };
  const handle = await open(source.path, 'r');
  try {
    const head = Buffer.alloc(Math.min(64 * 1024, source.bytes));
    await handle.read(head, 0, head.length, 0);
    if (head.includes(0)) throw new RedactionError('redaction.unparseable', 'The file holds binary data: it is not a CSV file');
    const text = head.toString('utf8').replace(/^\uFEFF/, '');
    const firstLine = text.split('\n').find((line) => line.trim().length > 0) ?? '';
    const delimiter = sniffDelimiter(firstLine);
    return { delimiter, byte: delimiter.charCodeAt(0) };
  } finally {
    await handle.close();
  }
}

export function fileInfoOf(source: RedactionSource): FileInfo {
  return { path: source.path, name: source.name.toLowerCase(), bytes: source.bytes, mediaType: source.mediaType };
}

/** What the reading pass found. */
export interface CsvReading {
  /** Records seen (the header and any title rows included). */
  records: number;
  /** The count columns, when the probe ran. */
  counts?: CountColumns;
}

/**
 * The reading pass: every record goes to `onRecord`; with `probe`, the same bytes go through the
 * checks' own table reader for the count columns.
 */
export async function readCsv(source: RedactionSource, dialect: CsvDialect, ctx: RedactionContext, probe: boolean, onRecord: (rec: CsvRecord) => void): Promise<CsvReading> {
  const counter = probe ? new CsvCountColumnProbe(fileInfoOf(source), dialect.delimiter, ctx.parameters, ctx.signal) : undefined;
  const records = await streamCsvRecords(source.path, dialect.byte, { record: onRecord, bytes: counter ? (chunk) => counter.push(chunk) : undefined }, ctx.signal);
  if (records === 0) throw new RedactionError('redaction.unparseable', 'The file holds no rows');
  return { records, ...(counter ? { counts: counter.end() } : {}) };
}

/** The writing pass: `edit` makes its changes to each record through the writer (none: copied as it was). */
export async function rewriteCsv(source: RedactionSource, dialect: CsvDialect, outPath: string, ctx: RedactionContext, edit: (rec: CsvRecord, writer: CsvWriter) => void): Promise<void> {
  const writer = await CsvWriter.create(outPath);
  try {
    await streamCsvRecords(source.path, dialect.byte, { record: (rec) => edit(rec, writer), chunkDone: (buf, upTo) => writer.chunkDone(buf, upTo) }, ctx.signal);
  } finally {
    await writer.close();
  }
}

/** A replacement cell's bytes: quoted when the cell was quoted or the value needs quotes. */
export function cellBytes(value: string, quoted: boolean, delimiter: string): Buffer {
  const needs = quoted || value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r');
  return Buffer.from(needs ? `"${value.replace(/"/g, '""')}"` : value, 'utf8');
}
