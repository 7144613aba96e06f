import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets';
import { scanBuffer } from '../engine/scan-buffer';
import { scanFile } from '../engine/scan-file';
import type { CheckContext } from '../engine/types';
import { readPrintedTables } from './printed-table';

const ctx: CheckContext = { parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal };
const lines = (...rows: string[]) => rows.join('\n');
const tablesOf = (text: string) => readPrintedTables(text).map((t) => t.rows);

/** What R prints for `summary(df)` with a factor, a numeric and a character column. */
function rSummary(youngest: number): string {
  return lines(
    ' ageband        age             name          ',
    ` 0-19 :${String(youngest).padStart(4)}   Min.   : 1.00   Length:150        `,
    ' 20-65:  81   1st Qu.:30.00   Class :character  ',
    ' 65+  :  60   Median :44.00   Mode  :character  ',
    '              Mean   :47.31                     ',
    '              3rd Qu.:70.00                     ',
    '              Max.   :99.00                     ',
  );
}

/** A Stata `tabulate` of one variable. */
function stataTab(smallest: number): string {
  return lines(
    '        sex |      Freq.     Percent        Cum.',
    '------------+-----------------------------------',
    `     female |   ${String(smallest).padStart(8)}       25.00       25.00`,
    '       male |         24       75.00      100.00',
    '------------+-----------------------------------',
    '      Total |         32      100.00',
  );
}

async function scanTextFile(name: string, text: string) {
  return scanBuffer(Buffer.from(text), name, ctx);
}

describe('reading printed tables', () => {
  it('reads the factor columns of an R summary() as frequency tables and skips numeric and character columns', () => {
    expect(tablesOf(rSummary(7))).toEqual([
      [
        ['ageband', 'n'],
        ['0-19', '7'],
        ['20-65', '81'],
        ['65+', '60'],
      ],
    ]);
  });

  it('reads a logical column of an R summary() as its FALSE/TRUE counts', () => {
    const text = lines(' smoker         ', ' Mode :logical  ', ' FALSE:40       ', ' TRUE :3        ');
    expect(tablesOf(text)).toEqual([
      [
        ['smoker', 'n'],
        ['FALSE', '40'],
        ['TRUE', '3'],
      ],
    ]);
  });

  it('reads an R two-way table() under its variable-name line, and a one-way table() printed across', () => {
    const twoWay = lines('       sex', 'age      F   M', '  0-19   3  14', '  20+   40  52');
    expect(tablesOf(twoWay)).toEqual([
      [
        ['age', 'F', 'M'],
        ['0-19', '3', '14'],
        ['20+', '40', '52'],
      ],
    ]);
    const across = lines('ageband', ' 0-19 20-65   65+ ', '    7  4482 77049 ');
    expect(tablesOf(across)).toEqual([
      [
        ['ageband', 'n'],
        ['0-19', '7'],
        ['20-65', '4482'],
        ['65+', '77049'],
      ],
    ]);
  });

  it('cuts a block of tables printed one after another at each Total row', () => {
    const text = lines(' smoker   n', '      0  40', '      1  12', '  Total  52', ' drinker   n', '       0  30', '       1  22', '   Total  52');
    expect(readPrintedTables(text).map((t) => [t.line, t.rows[0]])).toEqual([
      [1, ['smoker', 'n']],
      [5, ['drinker', 'n']],
    ]);
  });

  it('drops a tibble caption, its column-type line and its row numbers', () => {
    const text = lines('# A tibble: 2 x 3', '  region sex       n', '  <chr>  <chr> <int>', '1 North  F        12', '2 South  M         4');
    expect(tablesOf(text)).toEqual([
      [
        ['region', 'sex', 'n'],
        ['North', 'F', '12'],
        ['South', 'M', '4'],
      ],
    ]);
  });

  it('reads Stata tabulate output and Markdown pipe tables', () => {
    expect(tablesOf(stataTab(8))).toEqual([
      [
        ['sex', 'Freq.', 'Percent', 'Cum.'],
        ['female', '8', '25.00', '25.00'],
        ['male', '24', '75.00', '100.00'],
        ['Total', '32', '100.00'],
      ],
    ]);
    const kable = lines('|region |  n|', '|:------|--:|', '|North  | 12|', '|South  |  4|');
    expect(tablesOf(kable)).toEqual([
      [
        ['region', 'n'],
        ['North', '12'],
        ['South', '4'],
      ],
    ]);
  });

  it('reads a Stata two-way table under its two header lines, a SAS PROC FREQ listing and a simple kable, skipping their rules', () => {
    const stata = lines(
      '           |        foreign',
      '     rep78 |  Domestic    Foreign |     Total',
      '-----------+----------------------+----------',
      '         1 |         2          0 |         2',
      '         2 |        19         10 |        29',
    );
    expect(tablesOf(stata)).toEqual([
      [
        ['rep78', 'Domestic', 'Foreign', 'Total'],
        ['1', '2', '0', '2'],
        ['2', '19', '10', '29'],
      ],
    ]);
    const sas = lines(
      '                                 Cumulative    Cumulative',
      'sex    Frequency     Percent     Frequency      Percent',
      '--------------------------------------------------------',
      'F             8       40.00             8        40.00',
      'M            12       60.00            20       100.00',
    );
    expect(tablesOf(sas)).toEqual([
      [
        ['sex', 'Frequency', 'Percent', 'Frequency', 'Percent'],
        ['F', '8', '40.00', '8', '40.00'],
        ['M', '12', '60.00', '20', '100.00'],
      ],
    ]);
    const simple = lines('region     n', '-------  ---', 'North     12', 'South      4');
    expect(tablesOf(simple)).toEqual([
      [
        ['region', 'n'],
        ['North', '12'],
        ['South', '4'],
      ],
    ]);
  });

  it('finds no table in prose, code, key-value listings or log lines', () => {
    const prose = lines('We followed 1200 patients for 5 years and', 'saw 3 events in the first 2 years of the study.');
    const code = lines('x <- c(1, 2, 3)', 'tab <- table(df$sex, df$age)', 'url <- "https://example.org/a:b"', 'summary(df)');
    const settings = lines('max_connections   100', 'timeout             5');
    const log = lines('2024-01-01 10:00:01 INFO  started 3 workers', '2024-01-01 10:00:02 WARN  retry 1 of 5');
    const contents = lines('1. Introduction            3', '2. Methods                12', '3. Results                27');
    for (const text of [prose, code, settings, log, contents]) expect(tablesOf(text)).toEqual([]);
  });
});

describe('printed tables in text files', () => {
  it('reports a small count in an R summary() saved as text, at the line of the table, and still runs the line detectors', async () => {
    const text = lines('Summary of the cohort, contact ada@example.org', '', rSummary(7));
    const entry = await scanTextFile('report_output.txt', text);
    expect(entry.verdict).toBe('block');
    expect(entry.findings).toContainEqual(expect.objectContaining({ rule: 'sdc.small_count', severity: 'block', location: { line: 3, row: 1, column: 2 } }));
    expect(entry.findings.some((f) => f.family === 'pii')).toBe(true);
  });

  it('passes the same summary when every count is at or above the minimum, and never reports the numeric statistics', async () => {
    const entry = await scanTextFile('report_output.txt', rSummary(12));
    expect(entry.findings.filter((f) => f.family === 'sdc')).toEqual([]);
  });

  it('reports a small Stata frequency, and leaves a Stata regression table alone', async () => {
    const small = await scanTextFile('tab.log', stataTab(8));
    expect(small.findings).toContainEqual(expect.objectContaining({ rule: 'sdc.small_count', location: { line: 1, row: 1, column: 2 } }));
    const regression = lines(
      '       price |      Coef.   Std. Err.      t    P>|t|     [95% Conf. Interval]',
      '-------------+----------------------------------------------------------------',
      '         mpg |         -3          1    -4.50   0.000          -5           -1',
      '       _cons |          4          2     2.10   0.040           1            8',
    );
    expect((await scanTextFile('model.log', regression)).findings.filter((f) => f.family === 'sdc')).toEqual([]);
  });

  it('leaves an R coefficient table alone', async () => {
    const text = lines(
      'Coefficients:',
      '            Estimate Std. Error t value Pr(>|t|)    ',
      '(Intercept)        3          1   3.000  0.00400 ** ',
      'age                2          1   2.000  0.04800 *  ',
    );
    expect((await scanTextFile('model.Rout', text)).findings.filter((f) => f.family === 'sdc')).toEqual([]);
  });

  it('does not read tables out of code files', async () => {
    const entry = await scanBuffer(Buffer.from(lines(' sex  n', '   F 12', '   M  7')), 'analysis.R', ctx);
    expect(entry.findings.filter((f) => f.family === 'sdc')).toEqual([]);
  });

  it('reads the tables of a text output streamed from disk as it reads them in memory, line numbers included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-printed-'));
    const filler = Array.from({ length: 3000 }, (_, i) => `iteration ${i}: converged`).join('\n');
    const path = join(dir, 'model.log');
    writeFileSync(path, lines(filler, '', ' smoker   n', '      0  40', '      1   3', '', filler));
    const inMemory = await scanFile(path, ctx);
    const streamed = await scanFile(path, { ...ctx, parameters: { ...ctx.parameters, maxFileBytesInMemory: 1024 } });
    const small = inMemory.findings.find((f) => f.rule === 'sdc.small_count');
    expect(small?.location).toMatchObject({ line: 3002 });
    expect(streamed.findings).toEqual(inMemory.findings);
  });

  it('reads a run of over 10,000 lines in parts under its header: a small count is found wherever it is', async () => {
    const padded = lines(' smoker   n', '      0  40', '      1   3', ...Array.from({ length: 10_000 }, (_, i) => `log line ${i} done`));
    expect((await scanTextFile('padded.log', padded)).findings.map((f) => f.rule)).toContain('sdc.small_count');
    const long = (at: number) => lines('   age   n', ...Array.from({ length: 12_000 }, (_, i) => `${String(i).padStart(6)}${String(i === at ? 3 : 40).padStart(4)}`));
    expect(readPrintedTables(long(500)).map((t) => [t.line, t.rows.length])).toEqual([
      [1, 10_000],
      [10_000, 2_002],
    ]);
    for (const at of [500, 11_500]) {
      expect(
        (await scanTextFile('long.log', long(at))).findings.map((f) => f.rule),
        `small count at row ${at}`,
      ).toContain('sdc.small_count');
    }
  });

  it('numbers a table after a line longer than 64 KiB by the lines of the text', () => {
    const text = lines('x'.repeat(200 * 1024), '', ' smoker   n', '      0  40', '      1   3');
    expect(readPrintedTables(text).map((t) => t.line)).toEqual([3]);
  });

  it('numbers the tables of a text output the same in memory and streamed, after a line longer than 64 KiB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-printed-'));
    const path = join(dir, 'wide.log');
    writeFileSync(path, lines('y'.repeat(200 * 1024), '', ' smoker   n', '      0  40', '      1   3', 'contact ada@example.org'));
    const inMemory = await scanFile(path, ctx);
    expect(inMemory.findings.find((f) => f.rule === 'sdc.small_count')?.location).toMatchObject({ line: 3 });
    expect(inMemory.findings.find((f) => f.rule === 'pii.email')?.location).toMatchObject({ line: 6 });
    const streamed = await scanFile(path, { ...ctx, parameters: { ...ctx.parameters, maxFileBytesInMemory: 1024 } });
    expect(streamed.findings).toEqual(inMemory.findings);
  });
});
