/**
 * Turns the tallies of a classified table into sdc findings: one finding per rule per column,
 * located at the first offending cell, saying how many cells break the rule and naming the
 * column, never a value. At most MAX_PER_RULE columns are listed per rule; the rest are summed
 * up in one more finding so that reports stay readable.
 *
 * Example: a count column `deaths` with 117 counts below 10, first at row 701 →
 * `{rule:'sdc.small_count', severity:'block', location:{row:701, column:4},
 *   message:'Column 4 (“d••••”): 117 cells hold counts below the minimum of 10'}`.
 */
import { columnLabel } from '../../shared/mask-name';
import type { ScanParameters } from '../../shared/presets';
import { finding, type Finding, type FindingLocation } from '../../engine/types';
import { isMidpoint6Column, type Breach, type ColumnStats } from './column-stats';

/** Columns listed per rule and table before the rest are summed up. */
export const MAX_PER_RULE = 20;

/** A column as the sdc analyser sees it. */
export interface SdcColumn {
  name: string;
  index: number;
  words: string[];
  percentHeader: boolean;
  /** Index of the column that holds this column's denominator (for percentages), or -1. */
  denominator: number;
  stats: ColumnStats;
  isCount: boolean;
  /** Set once the column's cells show it cannot hold counts: its cells are no longer read. */
  settled: boolean;
}

/** Everything the rules need once the table has been read. */
export interface RuleInput {
  columns: SdcColumn[];
  params: ScanParameters;
  location: FindingLocation;
  /** Index of the row-total column (`Total`, `All`), or -1. */
  totalColumn: number;
}

type Rule = 'small_count' | 'zero_count' | 'unrounded' | 'recoverable_by_subtraction' | 'small_denominator';
const SEVERITY: Record<Rule, Finding['severity']> = {
  small_count: 'block',
  zero_count: 'review',
  unrounded: 'review',
  recoverable_by_subtraction: 'review',
  small_denominator: 'review',
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** All sdc findings for one table, grouped by rule. */
export function ruleFindings(input: RuleInput): Finding[] {
  const { columns, params, location } = input;
  const lists = new Map<Rule, Finding[]>();
  const add = (rule: Rule, column: SdcColumn, at: Breach, message: string): void => {
    const list = lists.get(rule) ?? [];
    lists.set(rule, list);
    list.push(finding('sdc', rule, SEVERITY[rule], `${capitalise(columnLabel(column.index + 1, column.name))}: ${message}`, { ...location, row: at.firstRow, column: column.index + 1 }));
  };
  const counts = columns.filter((column) => column.isCount);

  for (const column of counts) {
    const { small, zero, unrounded } = column.stats;
    if (small.cells > 0) add('small_count', column, small, `${plural(small.cells, 'cell holds a count', 'cells hold counts')} below the minimum of ${params.minCellCount}`);
    if (params.zerosDisclosive && zero.cells > 0) add('zero_count', column, zero, `${plural(zero.cells, 'zero count', 'zero counts')}; zeros are disclosive under this preset`);
    if (params.roundingBase > 0 && unrounded.cells > 0 && !isMidpoint6Column(column.stats)) {
      add('unrounded', column, unrounded, `${plural(unrounded.cells, 'count is', 'counts are')} not rounded to a multiple of ${params.roundingBase}`);
    }
  }

  const total = columns[input.totalColumn];
  for (const column of counts) {
    const stats = column.stats;
    const byRow = total?.isCount ? stats.rowRecoverable : { cells: 0, firstRow: 0 };
    const byColumn = stats.strictSuppressed === 1 && stats.totalRow === 'count';
    if (!byColumn && byRow.cells === 0) continue;
    const reasons: string[] = [];
    if (byColumn) reasons.push('it is the only suppressed cell in the column and the Total row is published');
    if (byRow.cells > 0) reasons.push(`${plural(byRow.cells, 'row has', 'rows have')} it as the only suppressed cell next to a published ${columnLabel(total!.index + 1, total!.name)}`);
    const at = { cells: 1, firstRow: byColumn ? stats.firstStrictRow : byRow.firstRow };
    add('recoverable_by_subtraction', column, at, `a suppressed cell can be recovered by subtraction: ${reasons.join('; ')}`);
  }

  for (const column of columns) {
    const breach = column.stats.smallDenominator;
    const denominator = columns[column.denominator];
    if (breach.cells === 0 || !denominator?.isCount || column.isCount) continue;
    add(
      'small_denominator',
      column,
      breach,
      `${plural(breach.cells, 'percentage is', 'percentages are')} computed on a denominator below ${params.minDenominator}, from ${columnLabel(denominator.index + 1, denominator.name)}`,
    );
  }

  const out: Finding[] = [];
  for (const [rule, list] of lists) {
    out.push(...list.slice(0, MAX_PER_RULE));
    if (list.length > MAX_PER_RULE) {
      const rest = list.length - MAX_PER_RULE;
      out.push(
        finding('sdc', rule, SEVERITY[rule], `${plural(rest, 'more column breaks', 'more columns break')} this rule in the same table`, Object.keys(location).length > 0 ? location : undefined),
      );
    }
  }
  return out;
}
