import { describe, expect, it } from 'vitest';
import { analyseTable, csvRows } from '../../engine/analyse-table.testing';
import { microdataTableAnalyzers } from './index';

const microdata = (rows: Iterable<string[]>, options = {}) => analyseTable(microdataTableAnalyzers, rows, options);
const table = (header: string[], count: number, row: (i: number) => string[]): string[][] => [header, ...Array.from({ length: count }, (_, i) => row(i))];

describe('microdata stays silent on tables that are not about individual people', () => {
  it('ignores a region lookup of unique codes and names', () => {
    expect(microdata(table(['rgn_code', 'rgn_name'], 120, (i) => [`E1200${String(i).padStart(4, '0')}`, `Region number ${i}`]))).toEqual([]);
  });

  it('ignores a codelist of unique codes and terms', () => {
    expect(microdata(table(['code', 'term'], 200, (i) => [String(12391711000001105n + BigInt(i * 1000)), `Morphine ${i}mg/1ml ampoules`]))).toEqual([]);
    expect(microdata(table(['dmd_type', 'dmd_id', 'dmd_name', 'bnf_code'], 70, (i) => ['VMP', `1239${i}1000001105`, `Morphine ${i}`, `0407020Q0AAA${i}`]))).toEqual([]);
  });

  it('ignores a headerless generalisation hierarchy of ages and bands', () => {
    const band = (age: number, width: number) => `${age - (age % width)}-${age - (age % width) + width - 1}`;
    const rows = Array.from({ length: 100 }, (_, i) => [String(i + 1), band(i + 1, 5), band(i + 1, 10), band(i + 1, 20), '*']);
    expect(microdata(rows)).toEqual([]);
  });

  it('ignores a postcode lookup: places, not people', () => {
    expect(microdata(table(['postcode', 'lsoa11cd', 'msoa11cd'], 300, (i) => [`LS${i % 30} ${i % 9}AB`, `E0100${i}`, `E0200${i % 40}`]))).toEqual([]);
  });

  it('ignores an aggregate table of categories and counts', () => {
    const sexes = ['F', 'M'];
    const bands = ['0-17', '18-39', '40-64', '65+'];
    const groups = ['White', 'Asian', 'Black', 'Mixed', 'Other'];
    const rows = [['age_band', 'sex', 'ethnicity', 'n']];
    for (const band of bands) for (const sex of sexes) for (const group of groups) rows.push([band, sex, group, String(rows.length * 37)]);
    expect(microdata(rows)).toEqual([]);
  });

  it('ignores counts by postcode district and sex: areas are quasi-identifiers, not identifiers', () => {
    expect(microdata(table(['postcode_district', 'sex', 'n'], 120, (i) => [`LS${Math.floor(i / 2)}`, i % 2 ? 'F' : 'M', String(i * 5)]))).toEqual([]);
  });

  it('ignores a long-format aggregate whose categories repeat across periods', () => {
    expect(microdata(table(['period', 'age_band', 'sex', 'deaths'], 400, (i) => [`2020-${(i % 12) + 1}-01`, ['0-17', '18-64', '65+'][i % 3]!, i % 2 ? 'F' : 'M', String(i * 3)]))).toEqual([]);
  });

  it('ignores a magnitude table with one row per combination of categories', () => {
    expect(
      microdata(
        csvRows(`
      sex,age_band,mean_bmi
      F,18-39,24.1
      F,40-64,26.3
      M,18-39,25.0
      M,40-64,27.9`),
      ),
    ).toEqual([]);
  });

  it('ignores a published statistics table about areas', () => {
    expect(microdata(table(['lad20cd', 'imd19_quintile'], 314, (i) => [`E0600${String(i).padStart(4, '0')}`, String((i % 5) + 1)]))).toEqual([]);
  });
});

describe('microdata memory stays bounded', () => {
  it('reads a million generated rows with a million distinct identifiers in under 200 MB of extra heap', () => {
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    function* rows(): Generator<string[]> {
      yield ['patient_id', 'sex', 'age', 'postcode_district', 'ethnicity', 'bmi'];
      for (let i = 0; i < 1_000_000; i++) {
        if (i % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
        yield [`P${i}`, i % 2 ? 'F' : 'M', String(i % 97), `LS${i % 211}`, String(i % 17), String(20 + (i % 13))];
      }
    }
    const findings = microdata(rows());
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(findings.map((finding) => finding.rule)).toEqual(['microdata.row_level', 'microdata.small_class']);
    expect(findings[0]!.message).toContain('Row-level data: 1000000 rows');
    expect(findings[1]!.message).toContain('not all were counted');
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  });
});
