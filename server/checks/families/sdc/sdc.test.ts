import { describe, expect, it } from 'vitest';
import { analyseTable, brief, csvRows } from '../../engine/analyse-table.testing';
import { sdcTableAnalyzers } from './index';

const sdc = (text: string, options = {}) => analyseTable(sdcTableAnalyzers, csvRows(text), options);

describe('sdc small counts and zeros', () => {
  it('blocks a count of 9 under acro at its cell and lets exactly 10 pass', () => {
    const findings = sdc(`
      region,n
      North,10
      South,9
      East,120`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 2 } }]);
    expect(findings[0]!.message).toBe('Column 2 (“n••••”): 1 cell holds a count below the minimum of 10');
    expect(findings[0]!.message).toContain('1 cell holds a count below the minimum of 10');
  });

  it('reports one finding per rule per column with the number of cells and the first location', () => {
    const findings = sdc(`
      cause,deaths,admissions
      A,100,3
      B,4,200
      C,5,6
      D,250,300`);
    expect(brief(findings)).toEqual([
      { rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 2 } },
      { rule: 'sdc.small_count', severity: 'block', location: { row: 1, column: 3 } },
    ]);
    expect(findings[0]!.message).toContain('2 cells hold counts');
    expect(findings[1]!.message).toContain('Column 3 (“a••••”): 2 cells');
  });

  it('asks for review of zeros under acro but not under opensafely', () => {
    const table = `
      sex,count
      F,0
      M,20
      U,0`;
    expect(brief(sdc(table))).toEqual([{ rule: 'sdc.zero_count', severity: 'review', location: { row: 1, column: 2 } }]);
    expect(sdc(table, { preset: 'acro' })[0]!.message).toContain('2 zero counts');
    expect(sdc(table, { preset: 'opensafely' })).toEqual([]);
  });

  it('applies the opensafely threshold: 7 blocks, 8 passes, and counts must be multiples of 5', () => {
    const findings = sdc(
      `
      group,n
      a,7
      b,8
      c,10
      d,15`,
      { preset: 'opensafely' },
    );
    expect(brief(findings)).toEqual([
      { rule: 'sdc.small_count', severity: 'block', location: { row: 1, column: 2 } },
      { rule: 'sdc.unrounded', severity: 'review', location: { row: 1, column: 2 } },
    ]);
    expect(findings[1]!.message).toContain('2 counts are not rounded to a multiple of 5');
  });

  it('accepts counts rounded to multiples of 5 under opensafely and does not ask acro for rounding', () => {
    const table = `
      group,n
      a,10
      b,25
      c,1005`;
    expect(sdc(table, { preset: 'opensafely' })).toEqual([]);
    expect(sdc(`group,n\na,11\nb,23`, { preset: 'acro' })).toEqual([]);
  });

  it('accepts midpoint-6 rounding under opensafely', () => {
    expect(sdc(`group,n\na,9\nb,15\nc,21\nd,0`, { preset: 'opensafely' })).toEqual([]);
  });

  it('uses the datashield minimum of 3: 2 blocks, 3 passes, zeros are not disclosive', () => {
    const findings = sdc(
      `
      group,n
      a,2
      b,3
      c,0`,
      { preset: 'datashield' },
    );
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 1, column: 2 } }]);
    expect(sdc(`group,n\na,9\nb,3`, { preset: 'datashield' })).toEqual([]);
  });

  it('merges the table location (a sheet) into every finding', () => {
    const findings = sdc(`group,n\na,4`, { location: { sheet: 'Counts' } });
    expect(findings[0]!.location).toEqual({ sheet: 'Counts', row: 1, column: 2 });
  });

  it('lists at most 20 columns per rule and sums up the rest in one more finding', () => {
    const header = ['site', ...Array.from({ length: 25 }, (_, i) => `count_${i}`)];
    const rows = [header, ['A', ...header.slice(1).map(() => '3')], ['B', ...header.slice(1).map(() => '300')]];
    const findings = analyseTable(sdcTableAnalyzers, rows);
    expect(findings).toHaveLength(21);
    expect(findings[20]!.message).toBe('5 more columns break this rule in the same table');
  });
});

describe('sdc recognises suppressed cells', () => {
  it('treats every suppression marker as suppressed, not as an error or a count', () => {
    const markers = ['[REDACTED]', 'REDACTED', '<10', '<5', '<=7', '*', '**', 'NA', 'N/A', '-', 'x', 'c', 'suppressed', '~', ''];
    const rows = [['area', 'n'], ...markers.map((marker, i) => [`area${i}`, marker]), ['big', '1200'], ['bigger', '3400']];
    expect(analyseTable(sdcTableAnalyzers, rows)).toEqual([]);
  });

  it('still checks the published counts of a column that has suppressed cells', () => {
    const findings = sdc(`
      area,n
      a,<10
      b,[REDACTED]
      c,4
      d,55`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 3, column: 2 } }]);
  });
});

describe('sdc totals that let a suppressed cell be recovered', () => {
  it('flags the only suppressed cell of a column when the Total row is published', () => {
    const findings = sdc(`
      region,cases
      North,120
      South,<10
      East,95
      Total,221`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.recoverable_by_subtraction', severity: 'review', location: { row: 2, column: 2 } }]);
    expect(findings[0]!.message).toContain('Total row');
  });

  it('flags the only suppressed cell of a row when the row total is published', () => {
    const findings = sdc(`
      age_band,male,female,total
      0-17,120,*,245
      18-64,400,390,790
      65+,210,230,440`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.recoverable_by_subtraction', severity: 'review', location: { row: 1, column: 3 } }]);
    expect(findings[0]!.message).toContain('next to a published column 4 (“t••••”)');
  });

  it('does not flag a column with two suppressed cells or a suppressed total', () => {
    expect(sdc(`region,cases\nNorth,120\nSouth,<10\nEast,<10\nTotal,221`)).toEqual([]);
    expect(sdc(`region,cases\nNorth,120\nSouth,<10\nEast,95\nTotal,[REDACTED]`)).toEqual([]);
    expect(sdc(`age_band,male,female,total\n0-17,*,*,245\n18-64,400,390,790`)).toEqual([]);
  });
});

describe('sdc percentages on small denominators', () => {
  it('asks for review of a percentage whose denominator column is below the minimum', () => {
    const findings = sdc(`
      practice,events,denominator,percent
      P1,120,400,30.0
      P2,30,6,40.1
      P3,200,900,22.2`);
    expect(brief(findings)).toEqual([
      { rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 3 } },
      { rule: 'sdc.small_denominator', severity: 'review', location: { row: 2, column: 4 } },
    ]);
    expect(findings[1]!.message).toContain('on a denominator below 10, from column 3 (“d••••”)');
  });

  it('reads percentages written with a % sign against the count column beside them', () => {
    const findings = sdc(
      `
      answer,respondents,share_of_all
      yes,450,75.0%
      no,150,25.0%
      unsure,12,2.0%`,
      { preset: 'datashield' },
    );
    expect(findings).toEqual([]);
    const small = sdc(`answer,respondents,of_all\nyes,450,75.0%\nno,2,0.3%`, { preset: 'datashield' });
    expect(brief(small)).toEqual([
      { rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 2 } },
      { rule: 'sdc.small_denominator', severity: 'review', location: { row: 2, column: 3 } },
    ]);
  });
});
