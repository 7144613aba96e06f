import { describe, expect, it } from 'vitest';
import { isTotalLabel, readCell } from './table-cells';
import { headerWords, isCountHeader, isRegressionHeader } from './header-words';

describe('sdc header words', () => {
  it.each([
    ['n', true],
    ['Count', true],
    ['Freq', true],
    ['num_admissions', true],
    ['number_of_patients', true],
    ['ons_deaths', true],
    ['cases_total', true],
    ['NoOfReferrals', true],
    ['rank_in', false],
    ['year', false],
    ['nhs_number', false],
    ['batch_number', false],
    ['imd19_quintile', false],
    ['age', false],
    ['mean_count', false],
    ['rate_per_1000', false],
    ['practice', false],
  ])('reads "%s" as a count header: %s', (header, expected) => {
    expect(isCountHeader(headerWords(header))).toBe(expected);
  });

  it.each([
    [['term', 'estimate', 'std.error', 'statistic', 'p.value'], true],
    [['', 'Estimate', 'Std. Error', 't value', 'Pr(>|t|)'], true],
    [['Variable', 'Coef.', 'Std. Err.', 'z', 'P>|z|', '[95% Conf. Interval]'], true],
    [['exposure', 'n', 'OR', '95% CI'], true],
    [['variable', 'HR', 'lower', 'upper'], true],
    [['region', 'n', 'pct'], false],
    [['period', 'sex', 'deaths'], false],
  ])('reads %j as a regression table: %s', (headers, expected) => {
    expect(isRegressionHeader(headers)).toBe(expected);
  });
});

describe('sdc cells', () => {
  it.each([
    ['12', { kind: 'count', value: 12 }],
    [' 1,204 ', { kind: 'count', value: 1204 }],
    ['7.0', { kind: 'count', value: 7 }],
    ['12.5', { kind: 'number' }],
    ['98.6%', { kind: 'number' }],
    ['-3', { kind: 'number' }],
    ['<10', { kind: 'suppressed', strict: true }],
    ['<=7', { kind: 'suppressed', strict: true }],
    ['[REDACTED]', { kind: 'suppressed', strict: true }],
    ['**', { kind: 'suppressed', strict: true }],
    ['NA', { kind: 'suppressed', strict: false }],
    ['-', { kind: 'suppressed', strict: false }],
    ['', { kind: 'suppressed', strict: false }],
    ['North East', { kind: 'text' }],
    ['2020-01-01', { kind: 'text' }],
  ])('reads "%s" as %j', (raw, expected) => {
    expect(readCell(raw)).toEqual(expected);
  });
});

describe('sdc total labels', () => {
  it.each([
    ['Total', true],
    ['TOTALS', true],
    ['all', true],
    ['Overall', true],
    ['sum', true],
    ['Grand total', true],
    ['  total', true],
    ['', false],
    ['South East', false],
    ['Subtotal', false],
    ['Allerdale', false],
    ['North', false],
  ])('"%s" is a total label: %s', (label, expected) => {
    expect(isTotalLabel(label)).toBe(expected);
  });
});
