import { describe, expect, it } from 'vitest';
import { analyseTable, brief, csvRows } from '../../engine/analyse-table.testing';
import { sdcTableAnalyzers } from './index';

const sdc = (text: string, options = {}) => analyseTable(sdcTableAnalyzers, csvRows(text), options);

describe('sdc recognises frequency tables', () => {
  it('finds the counts of a cross-tabulation whose columns are not named as counts', () => {
    const findings = sdc(`
      city,smoker_cancer,smoker_no_cancer,non_smoker_cancer,non_smoker_no_cancer
      Alphaville,126,100,35,61
      Betatown,908,688,8,807
      Gammaburg,913,747,336,598`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 4 } }]);
    expect(findings[0]!.message).toContain('Column 4 (“n••••”)');
  });

  it('finds the counts of an R-style table with numeric row labels and an empty corner header', () => {
    const findings = sdc(`
      ,0,1
      0,4260881,41052
      1,26835,6`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 3 } }]);
  });

  it('reads the real header below a title row', () => {
    const findings = sdc(`
      Table 3: admissions by region,,
      region,admissions,beds
      North,4,120
      South,300,200`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 2 } }]);
  });

  it('keeps a narrow header with an empty corner cell as the header', () => {
    expect(brief(sdc(`,n\nNorth,4\nSouth,300`))).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 1, column: 2 } }]);
  });

  it('splits rows that arrive as one semicolon-joined cell', () => {
    const findings = analyseTable(sdcTableAnalyzers, [['region;admissions'], ['North;4'], ['South;300']]);
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 1, column: 2 } }]);
  });

  it('does not mistake numbered units such as practices for counts', () => {
    const rows = [['practice', 'population'], ...Array.from({ length: 30 }, (_, i) => [String(i + 1), String(5000 + i * 10)])];
    expect(analyseTable(sdcTableAnalyzers, rows)).toEqual([]);
  });

  it('treats a whole-number column next to a named population as a count', () => {
    const rows = [['cases', 'population'], ...Array.from({ length: 40 }, (_, i) => [String(i === 5 ? 4 : 20 + i), String(1000 + i)])];
    expect(brief(analyseTable(sdcTableAnalyzers, rows))).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 6, column: 1 } }]);
  });

  it('checks a long-format table with a named count column whatever its length', () => {
    const rows = [['period', 'cause', 'rank', 'deaths'], ...Array.from({ length: 5000 }, (_, i) => [`2020-${(i % 12) + 1}-01`, `cause ${i}`, String(i % 30), String(i === 4321 ? 3 : 50 + i)])];
    expect(brief(analyseTable(sdcTableAnalyzers, rows))).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 4322, column: 4 } }]);
  });

  it('reads 0/1 indicator columns before a named count as categories, not as small counts', () => {
    const indicators = ['smoker,diabetic,asthmatic,n', '0,0,0,120', '0,0,1,45', '0,1,0,60', '1,0,0,80', '1,1,1,15'].join('\n');
    expect(brief(sdc(indicators))).toEqual([]);
    const small = indicators.replace('1,1,1,15', '1,1,1,4');
    expect(brief(sdc(small))).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 5, column: 4 } }]);
  });

  it('checks a table of quasi-identifier categories when every row is a different combination', () => {
    const findings = sdc(`
      age_band,sex,value
      0-17,F,120
      0-17,M,4
      18+,F,300
      18+,M,310`);
    expect(brief(findings)).toEqual([{ rule: 'sdc.small_count', severity: 'block', location: { row: 2, column: 3 } }]);
  });
});

describe('sdc stays silent on tables that are not frequency tables', () => {
  it('ignores a broom-style regression table with small whole numbers', () => {
    expect(
      sdc(`
      term,estimate,std.error,statistic,p.value
      age,1,0,3,0
      sex,2,1,2,0`),
    ).toEqual([]);
  });

  it('ignores an R summary coefficient table and a Stata table', () => {
    expect(sdc(`,Estimate,Std. Error,t value,Pr(>|t|)\n(Intercept),3,1,3,0\nx,2,1,2,0`)).toEqual([]);
    expect(sdc(`Variable,Coef.,Std. Err.,z,P>|z|,[95% Conf. Interval]\nage,1,0,4,0,1\nbmi,2,1,2,0,3`)).toEqual([]);
    expect(sdc(`exposure,n,OR,95% CI\nsmoker,4,2,1-3\nnon-smoker,300,1,ref`)).toEqual([]);
  });

  it('ignores a region lookup of codes and names', () => {
    expect(
      sdc(`
      rgn_code,rgn_name
      E12000001,North East
      E12000002,North West`),
    ).toEqual([]);
  });

  it('ignores a codelist of numeric codes and terms', () => {
    expect(
      sdc(`
      code,term
      12391711000001105,Morphine 5mg/1ml ampoules
      22401911000001100,Morphine 1mg/1ml ampoules`),
    ).toEqual([]);
  });

  it('ignores ordinal codes such as deprivation quintiles, years, ages and ranks', () => {
    const quintiles = [['lad20cd', 'imd19_quintile'], ...Array.from({ length: 300 }, (_, i) => [`E0600${String(i).padStart(4, '0')}`, String((i % 5) + 1)])];
    expect(analyseTable(sdcTableAnalyzers, quintiles)).toEqual([]);
    expect(sdc(`area,year,age,rank\nNorth,2020,4,1\nSouth,2021,7,2`)).toEqual([]);
    const levels = [['area', 'level'], ...Array.from({ length: 30 }, (_, i) => [`area${i}`, String((i % 4) + 1)])];
    expect(analyseTable(sdcTableAnalyzers, levels)).toEqual([]);
  });

  it('ignores row-level data about people even when it has count-like columns', () => {
    expect(
      sdc(`
      patient_id,nhs_number,num_visits
      P001,9434765919,2
      P002,9434765870,1`),
    ).toEqual([]);
  });

  it('ignores microdata whose quasi-identifier combinations repeat', () => {
    const rows = [['sex', 'age_band', 'children'], ...Array.from({ length: 40 }, (_, i) => [i % 2 ? 'F' : 'M', i % 3 ? '18-64' : '65+', String(i % 4)])];
    expect(analyseTable(sdcTableAnalyzers, rows)).toEqual([]);
  });

  it('ignores a large table without a named count column', () => {
    const rows = [['site', 'reading'], ...Array.from({ length: 1000 }, (_, i) => [`site ${i}`, String(i % 9)])];
    expect(analyseTable(sdcTableAnalyzers, rows)).toEqual([]);
  });

  it('ignores measures with decimals, such as means and rates', () => {
    expect(sdc(`group,mean_bmi,rate\na,2.5,0.3\nb,3.1,1.2`)).toEqual([]);
  });

  it('never puts a category label or other cell text in a finding', () => {
    const findings = sdc(`
      hospital,cases,total
      Zqxvbn Memorial Hospital,3,[REDACTED]
      Wyrtlepool Infirmary,*,250
      Total,120,440`);
    expect(findings.length).toBeGreaterThan(0);
    const text = JSON.stringify(findings);
    expect(text).not.toContain('Zqxvbn');
    expect(text).not.toContain('Wyrtlepool');
    expect(text).not.toContain('REDACTED');
  });
});
