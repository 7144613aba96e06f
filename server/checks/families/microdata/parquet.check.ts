/**
 * Parquet datasets, read with hyparquet (pure JavaScript, no dependencies, loaded at the first
 * Parquet file). Pages may be uncompressed or Snappy (hyparquet's decoder; the default of pandas,
 * pyarrow, R arrow, Spark and DuckDB), GZIP or Brotli (node:zlib) or Zstandard (fzstd, pure
 * JavaScript; the default of Polars); each page is decoded into at most the size its header
 * declares, and a page declaring more than the in-memory budget is refused (pageDecoders).
 * LZ4 and LZO pages are not read. The table and the column texts go back to the engine, which
 * checks them as it checks a sheet's. The file's table
 * goes through the same checks as a CSV's: its rows to the table analysers (sdc, microdata),
 * names and dates of birth under named columns to `pii` (as in a sheet), and the values of each
 * text column to the line detectors, with findings located by row and column name.
 *
 * Bounded like a sheet: at most the first 200,000 rows, 2,048 columns and 2,000,000 cells are
 * read (more: `microdata.dataset_truncated`, review), and only row groups whose declared
 * uncompressed size fits the in-memory budget. A file that cannot be read (not Parquet, another
 * compression codec, corrupt) is unreadable with the reason, and is still a dataset: treated as
 * row-level data (`microdata.dataset_file`), as an unread statistical-package file is.
 *
 * Example: a Parquet file of (first_name, surname, dob, postcode, sex) rows, each unique →
 * `microdata.row_level` and `microdata.small_class`, `pii.person_name` at {row: 1, field:
 * 'column 1 (“f••••”)'}, `pii.date_of_birth` at {row: 1, field: 'column 3 (“d••••”)'} and
 * `pii.uk_postcode` at {row: 1, field: 'column 4 (“p••••”)'}.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Compressors, FileMetaData } from 'hyparquet';
import { CheckerReason, errorReason } from '../../shared/error-reason';
import { newSheetBudget } from '../../shared/sheet-budget';
import { columnLabel } from '../../shared/mask-name';
import { sheetIdentifierFindings } from '../../shared/sheet-columns';
import { type CheckContext, type Extracted, type FileInfo, type FormatHandler, finding } from '../../engine/types';
import { datasetFileFinding, isParquet } from '../../shared/dataset-file';

/** The codecs decoded here (pageDecoders, and uncompressed pages). */
const READ_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD']);
/** The longest text kept of one cell (a nested value written out as JSON may be long). */
const MAX_CELL_CHARS = 4096;

/** A cell's value as the text a CSV would hold: '' for null, dates as ISO dates, nested values as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (value instanceof Uint8Array) return '';
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? '' : v));
  return json.length > MAX_CELL_CHARS ? json.slice(0, MAX_CELL_CHARS) : json;
}

/** One column's values, one per line (a value's own line breaks become spaces, so line k is data row k). */
function columnText(table: string[][], column: number): string {
  let text = '';
  for (let r = 1; r < table.length; r++) text += `${r > 1 ? '\n' : ''}${table[r]![column]!.replace(/[\r\n]+/g, ' ')}`;
  return text;
}

/**
 * A decoder for every codec read here. Each refuses a page whose header declares more than
 * `limit` bytes before allocating anything (hyparquet allocates the declared size), and never
 * writes past the declared size.
 */
export function pageDecoders(limit: number, snappy: (input: Uint8Array, output: Uint8Array) => void, zstd: (input: Uint8Array, output: Uint8Array) => Uint8Array): Compressors {
  const page =
    (decode: (input: Uint8Array, size: number) => Uint8Array) =>
    (input: Uint8Array, size: number): Uint8Array => {
      if (size > limit) throw new CheckerReason(`a page declares ${size} bytes uncompressed, over the in-memory limit of ${limit}`);
      return decode(input, size);
    };
  const cap = (size: number) => ({ maxOutputLength: Math.max(1, size) });
  return {
    SNAPPY: page((input, size) => {
      const output = new Uint8Array(size);
      snappy(input, output);
      return output;
    }),
    GZIP: page((input, size) => gunzipSync(input, cap(size))),
    BROTLI: page((input, size) => brotliDecompressSync(input, cap(size))),
    ZSTD: page((input, size) => zstd(input, new Uint8Array(size))),
  };
}

/** Reads a Parquet file held in memory; never throws. */
export async function extractParquet(bytes: Buffer, file: FileInfo, ctx: CheckContext): Promise<Extracted> {
  // Loaded at the first Parquet file: start-up stays light.
  const { parquetMetadata, parquetRead, parquetSchema, snappyUncompress } = await import('hyparquet');
  const { decompress: zstd } = await import('fzstd');
  const cannotRead = (reason: string): Extracted => ({ findings: [datasetFileFinding(file, ctx)], unreadable: reason });
  // The file's own bytes, as the ArrayBuffer the reader takes (a copy: `bytes` may be a view of a larger buffer).
  const buffer = new Uint8Array(bytes).buffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    return cannotRead(`not a readable Parquet file: ${errorReason(error)}`);
  }
  const budget = newSheetBudget();
  const names = parquetSchema(metadata).children.map((child) => child.element.name);
  const columns = names.slice(0, budget.maxTableColumns);
  const totalRows = Number(metadata.num_rows);
  const rowLimit = Math.min(totalRows, budget.maxTableRows, Math.floor(budget.maxCells / Math.max(1, columns.length)));

  // The reader's own error would not be shown (it could quote the file), so an unread codec is named here, from Parquet's fixed list.
  const unread = metadata.row_groups.flatMap((group) => group.columns.map((column) => column.meta_data?.codec)).find((codec) => codec !== undefined && !READ_CODECS.has(codec));
  if (unread) return cannotRead(`pages compressed with ${unread} cannot be read here`);

  // Whole row groups are decoded: read only those that fit the in-memory budget, in order.
  let rowEnd = 0;
  for (const group of metadata.row_groups) {
    if (rowEnd >= rowLimit) break;
    if (Number(group.total_byte_size) > ctx.parameters.maxFileBytesInMemory) {
      if (rowEnd === 0) return cannotRead(`a row group declares ${group.total_byte_size} bytes uncompressed, over the in-memory limit of ${ctx.parameters.maxFileBytesInMemory}`);
      break;
    }
    rowEnd = Math.min(rowLimit, rowEnd + Number(group.num_rows));
  }

  let rows: unknown[][] = [];
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns,
      rowStart: 0,
      rowEnd,
      rowFormat: 'array',
      compressors: pageDecoders(ctx.parameters.maxFileBytesInMemory, snappyUncompress, zstd),
      onComplete: (read) => (rows = read),
    });
  } catch (error) {
    return cannotRead(`the Parquet data could not be read: ${errorReason(error)}`);
  }
  if (ctx.signal.aborted) return cannotRead('time budget exceeded');

  const table = [columns, ...rows.map((row) => columns.map((_, c) => cellText(row[c])))];
  // A column is named by its position and masked name: the names are the file's text.
  const fields = columns.map((name, c) => columnLabel(c + 1, name));
  const findings = sheetIdentifierFindings({ rows: table, headerFirst: true, locate: (i, c) => ({ row: i, field: fields[c]! }) });
  const texts = fields.flatMap((field, c) => (rows.some((row) => typeof row[c] === 'string') ? [{ text: columnText(table, c), location: { field }, linesAreRows: true }] : []));
  if (rowEnd < totalRows || columns.length < names.length) {
    const read = `${rowEnd} of ${totalRows} rows and ${columns.length} of ${names.length} columns`;
    findings.push(finding('microdata', 'dataset_truncated', 'review', `Only the first ${read} of this dataset were checked; check the rest by hand`));
  }
  return { findings, texts, tables: [{ rows: table, location: {} }] };
}

export const parquetHandler: FormatHandler = {
  name: 'parquet',
  matches: isParquet,
  extract: extractParquet,
};
