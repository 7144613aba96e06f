import { execFileSync } from 'node:child_process';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import type { ScannedEntry } from '../../../../common/contracts/scan.contract';
import { filetypeFindings } from '../../registry';
import { TEST_CHECK_CONTEXT } from '../../engine/line-detectors.testing';
import { scanBuffer } from '../../engine/scan-buffer';
import type { CheckContext } from '../../engine/types';
import { cellText, pageDecoders } from './parquet.check';

type Columns = { name: string; data: unknown[]; type?: 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'TIMESTAMP' | 'BOOLEAN' }[];

/** Compressors for the test files: node:zlib, and the system `zstd` (Node 20 has no Zstandard). */
const COMPRESSORS = {
  GZIP: (input: Uint8Array) => gzipSync(input),
  BROTLI: (input: Uint8Array) => brotliCompressSync(input),
  ZSTD: (input: Uint8Array) => execFileSync('zstd', ['-c', '-q'], { input }),
};
type Codec = 'SNAPPY' | keyof typeof COMPRESSORS;

/** A Parquet file written by hyparquet-writer (Snappy pages, as pandas and pyarrow write by default, unless `codec`). */
function parquet(columns: Columns, rowGroupSize?: number | number[], codec: Codec = 'SNAPPY'): Buffer {
  const columnData = columns.map((c) => ({ name: c.name, data: c.data, ...(c.type ? { type: c.type } : {}) }));
  const options = { columnData, codec, compressors: COMPRESSORS, ...(rowGroupSize ? { rowGroupSize } : {}) };
  return Buffer.from(parquetWriteBuffer(options as Parameters<typeof parquetWriteBuffer>[0]));
}

const rulesOf = (entry: ScannedEntry) => entry.findings.map((f) => `${f.rule}/${f.severity}`);
const handover: CheckContext = { ...TEST_CHECK_CONTEXT, packageKind: 'handover' };

const FIRST = ['Ada', 'Grace', 'Alan', 'Mary', 'John', 'Jane', 'Peter', 'Susan', 'David', 'Ruth'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Somerville', 'Smith', 'Doe', 'Jones', 'Brown', 'Evans', 'Clark'];

/** A cohort extract: one row per person, with names, dates of birth, postcodes and contacts. */
function people(rows: number): Columns {
  return [
    { name: 'first_name', data: Array.from({ length: rows }, (_, i) => FIRST[i % 10]), type: 'STRING' },
    { name: 'surname', data: Array.from({ length: rows }, (_, i) => LAST[(i * 3) % 10]), type: 'STRING' },
    { name: 'dob', data: Array.from({ length: rows }, (_, i) => new Date(Date.UTC(1950 + (i % 40), i % 12, 1 + (i % 28)))), type: 'TIMESTAMP' },
    { name: 'postcode', data: Array.from({ length: rows }, (_, i) => `LS${1 + (i % 20)} ${i % 9}AB`), type: 'STRING' },
    { name: 'sex', data: Array.from({ length: rows }, (_, i) => (i % 2 ? 'F' : 'M')), type: 'STRING' },
    { name: 'contact', data: Array.from({ length: rows }, (_, i) => (i === 7 ? 'ada@example.org' : null)), type: 'STRING' },
  ];
}

describe('a Parquet dataset', () => {
  it('is read as a table: row-level data, names, dates of birth and contacts located by row and column', async () => {
    const entry = await scanBuffer(parquet(people(60)), 'cohort.parquet', TEST_CHECK_CONTEXT);
    expect(entry.status).toBe('checked');
    expect(entry.verdict).toBe('block');
    const rules = rulesOf(entry);
    expect(rules).toEqual(
      expect.arrayContaining(['microdata.row_level/block', 'microdata.small_class/block', 'pii.person_name/review', 'pii.date_of_birth/review', 'pii.uk_postcode/review', 'pii.email/review']),
    );
    // It was read, so it is not reported as a dataset that could not be.
    expect(rules).not.toContain('microdata.dataset_file/block');
    expect(entry.findings.find((f) => f.rule === 'pii.email')?.location).toEqual({ row: 8, field: 'column 6 (“c••••”)' });
    expect(entry.findings.find((f) => f.rule === 'pii.person_name')?.location).toEqual({ row: 1, field: 'column 1 (“f••••”)' });
    expect(entry.findings.find((f) => f.rule === 'pii.date_of_birth')?.location).toEqual({ row: 1, field: 'column 3 (“d••••”)' });
    // Findings never carry the values.
    expect(JSON.stringify(entry)).not.toMatch(/ada@example\.org|Lovelace/);
  });

  it('is read whatever its pages are compressed with: Snappy, GZIP, Brotli or Zstandard (the Polars default)', async () => {
    for (const codec of ['SNAPPY', 'GZIP', 'BROTLI', 'ZSTD'] as const) {
      const bytes = parquet(people(60), undefined, codec);
      expect(parquetMetadata(new Uint8Array(bytes).buffer).row_groups[0]?.columns[0]?.meta_data?.codec).toBe(codec);
      const entry = await scanBuffer(bytes, 'cohort.parquet', TEST_CHECK_CONTEXT);
      expect([codec, entry.status]).toEqual([codec, 'checked']);
      expect(rulesOf(entry)).toEqual(expect.arrayContaining(['microdata.row_level/block', 'pii.email/review']));
    }
  });

  it('is reviewed, not blocked, in a data-provider handover package', async () => {
    const entry = await scanBuffer(parquet(people(60)), 'cohort.parquet', handover);
    expect(rulesOf(entry)).toContain('microdata.row_level/review');
    expect(entry.verdict).toBe('review');
  });

  it('takes its column names as the header: a data row that looks like one does not make the rows below it names', async () => {
    const lookup: Columns = [
      { name: 'label', data: ['first_name', 'Ada', 'Grace'], type: 'STRING' },
      { name: 'code', data: ['surname', 'Lovelace', 'Hopper'], type: 'STRING' },
    ];
    const entry = await scanBuffer(parquet(lookup), 'lookup.parquet', TEST_CHECK_CONTEXT);
    expect(rulesOf(entry)).not.toContain('pii.person_name/review');
  });

  it('locates a finding at its row even below values that hold line breaks', async () => {
    const notes: Columns = [{ name: 'note', data: ['first line\nsecond line\r\nthird', 'plain', 'write to ada@example.org'], type: 'STRING' }];
    const entry = await scanBuffer(parquet(notes), 'notes.parquet', TEST_CHECK_CONTEXT);
    expect(entry.findings.find((f) => f.rule === 'pii.email')?.location).toEqual({ row: 3, field: 'column 1 (“n••••”)' });
  });

  it('holds a frequency table whose small counts are found as in a CSV', async () => {
    const table: Columns = [
      { name: 'region', data: ['North', 'South', 'East', 'West'], type: 'STRING' },
      { name: 'count', data: [25, 40, 5, 31], type: 'INT32' },
    ];
    const entry = await scanBuffer(parquet(table), 'table.parquet', TEST_CHECK_CONTEXT);
    expect(entry.findings.map((f) => [f.rule, f.location])).toEqual([['sdc.small_count', { row: 3, column: 2 }]]);
  });

  it('is unreadable, and still a dataset, when its bytes are not Parquet or are cut short', async () => {
    const whole = parquet(people(10));
    for (const bytes of [whole.subarray(0, whole.length - 20), Buffer.from('name,dob\nAda,1815-12-10\n')]) {
      const entry = await scanBuffer(bytes, 'cohort.parquet', TEST_CHECK_CONTEXT);
      expect(entry.status).toBe('unreadable');
      expect(entry.reason).toMatch(/^not a readable Parquet file: /);
      expect(rulesOf(entry)).toContain('microdata.dataset_file/block');
      expect(entry.findings.find((f) => f.rule === 'microdata.dataset_file')?.message).toMatch(/could not be read here/);
    }
  });

  it('decodes only the row groups that fit the in-memory budget, and says when it stopped early', async () => {
    const bytes = parquet(people(400), [50, 350]);
    const [first, second] = parquetMetadata(new Uint8Array(bytes).buffer).row_groups.map((g) => Number(g.total_byte_size));
    expect(first).toBeLessThan(second!);
    const withBudget = (maxFileBytesInMemory: number): CheckContext => ({ ...TEST_CHECK_CONTEXT, parameters: { ...TEST_CHECK_CONTEXT.parameters, maxFileBytesInMemory } });

    expect(rulesOf(await scanBuffer(bytes, 'cohort.parquet', withBudget(second!)))).not.toContain('microdata.dataset_truncated/review');
    const partly = await scanBuffer(bytes, 'cohort.parquet', withBudget(first! + 1));
    expect(partly.status).toBe('checked');
    expect(partly.findings.find((f) => f.rule === 'microdata.dataset_truncated')?.message).toBe(
      'Only the first 50 of 400 rows and 6 of 6 columns of this dataset were checked; check the rest by hand',
    );
    const refused = await scanBuffer(bytes, 'cohort.parquet', withBudget(first! - 1));
    expect(refused.status).toBe('unreadable');
    expect(refused.reason).toBe(`a row group declares ${first} bytes uncompressed, over the in-memory limit of ${first! - 1}`);
    expect(rulesOf(refused)).toContain('microdata.dataset_file/block');
  });

  it('checks at most 2,048 columns and says the rest were not', async () => {
    const wide: Columns = Array.from({ length: 2100 }, (_, c) => ({ name: `c${c}`, data: [c, c + 1], type: 'INT32' as const }));
    const entry = await scanBuffer(parquet(wide), 'wide.parquet', TEST_CHECK_CONTEXT);
    expect(entry.status).toBe('checked');
    const truncated = entry.findings.find((f) => f.rule === 'microdata.dataset_truncated');
    expect(truncated?.message).toBe('Only the first 2 of 2 rows and 2048 of 2100 columns of this dataset were checked; check the rest by hand');
  });

  it('is reported as a dataset that could not be read when it is too large to hold in memory', () => {
    const file = { path: 'big.parquet', name: 'big.parquet', bytes: 65 * 1024 * 1024, mediaType: 'application/x-dataset-parquet' };
    expect(filetypeFindings(file, TEST_CHECK_CONTEXT).map((f) => `${f.rule}/${f.severity}`)).toEqual(['microdata.dataset_file/block']);
    expect(filetypeFindings({ ...file, bytes: 1000 }, TEST_CHECK_CONTEXT)).toEqual([]);
  });
});

describe('the text of a dataset cell', () => {
  it('writes values as a CSV would hold them', () => {
    expect([null, undefined, 'x', 12, 1.5, 12345678901234567890n, true].map(cellText)).toEqual(['', '', 'x', '12', '1.5', '12345678901234567890', 'true']);
    expect(cellText(new Date(Date.UTC(1815, 11, 10)))).toBe('1815-12-10');
    expect(cellText(new Date(Date.UTC(2020, 0, 1, 12, 30)))).toBe('2020-01-01T12:30:00.000Z');
    expect(cellText({ a: 1n, b: [1, 2] })).toBe('{"a":"1","b":[1,2]}');
    expect(cellText('y'.repeat(5000))).toHaveLength(4096);
  });
});

describe('the page decoders of a Parquet file', () => {
  it('refuse a page declaring more than the in-memory limit before decoding or allocating it, and decode one within it', () => {
    let decoded = 0;
    const decoders = pageDecoders(
      1000,
      () => void decoded++,
      (_input, output) => output,
    );
    for (const codec of ['SNAPPY', 'GZIP', 'BROTLI', 'ZSTD'] as const) {
      expect(() => decoders[codec]!(new Uint8Array(10), 2 ** 31 - 1)).toThrow(`a page declares ${2 ** 31 - 1} bytes uncompressed, over the in-memory limit of 1000`);
    }
    expect(decoded).toBe(0);
    expect(decoders.GZIP!(gzipSync(Buffer.from('hello')), 5).toString()).toBe('hello');
    expect(() => decoders.GZIP!(gzipSync(Buffer.alloc(600)), 5)).toThrow();
  });
});
