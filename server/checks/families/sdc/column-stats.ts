/**
 * Per-column tallies the sdc analyser keeps while rows stream past: what the cells are (counts,
 * other numbers, text, suppressed), and for each rule how many cells break it and where the
 * first one is. Constant memory per column, whatever the number of rows.
 *
 * Example: a column `n` with cells 12, 7, 0, `<10` under ACRO ends with `small = {cells:1,
 * firstRow:2}`, `zero = {cells:1, firstRow:3}`, `strictSuppressed = 1`.
 */
import type { ScanParameters } from '../../shared/presets';
import type { CellReading } from '../../shared/table-cells';

/** How many cells break one rule in a column, and the first one. */
export interface Breach {
  cells: number;
  firstRow: number;
}

/** Everything kept about one column. */
export interface ColumnStats {
  nonEmpty: number;
  counts: number;
  numbers: number;
  texts: number;
  percents: number;
  maxCount: number;
  positives: number;
  /** Positive counts that are not 3 more than a multiple of 6 (OpenSAFELY midpoint-6 rounding). */
  notMidpoint6: number;
  strictSuppressed: number;
  firstStrictRow: number;
  /** The value the `Total` row publishes in this column: 'count', 'suppressed', or absent. */
  totalRow: 'count' | 'suppressed' | null;
  small: Breach;
  zero: Breach;
  unrounded: Breach;
  smallDenominator: Breach;
  /** Rows where this is the only suppressed cell and the row total is published. */
  rowRecoverable: Breach;
}

function breach(): Breach {
  return { cells: 0, firstRow: 0 };
}

/** A fresh, empty tally. */
export function newColumnStats(): ColumnStats {
  return {
    nonEmpty: 0,
    counts: 0,
    numbers: 0,
    texts: 0,
    percents: 0,
    maxCount: 0,
    positives: 0,
    notMidpoint6: 0,
    strictSuppressed: 0,
    firstStrictRow: 0,
    totalRow: null,
    small: breach(),
    zero: breach(),
    unrounded: breach(),
    smallDenominator: breach(),
    rowRecoverable: breach(),
  };
}

/** Records one more breach at `rowNo`. */
export function note(target: Breach, rowNo: number): void {
  if (target.cells === 0) target.firstRow = rowNo;
  target.cells++;
}

/** Adds one count cell to its column's tally (what `tally` does with a count reading). */
export function tallyCount(stats: ColumnStats, value: number, rowNo: number, isTotalRow: boolean, params: ScanParameters): void {
  stats.nonEmpty++;
  stats.counts++;
  if (value > stats.maxCount) stats.maxCount = value;
  if (isTotalRow) stats.totalRow = 'count';
  if (value === 0) {
    note(stats.zero, rowNo);
    return;
  }
  stats.positives++;
  if (value % 6 !== 3) stats.notMidpoint6++;
  if (value < params.minCellCount) note(stats.small, rowNo);
  if (params.roundingBase > 0 && value % params.roundingBase !== 0) note(stats.unrounded, rowNo);
}

/** Adds one read cell to its column's tally; `isTotalRow` when the row is a margin row. */
export function tally(stats: ColumnStats, cell: CellReading, rowNo: number, isTotalRow: boolean, params: ScanParameters): void {
  switch (cell.kind) {
    case 'count':
      tallyCount(stats, cell.value, rowNo, isTotalRow, params);
      return;
    case 'suppressed':
      if (isTotalRow) stats.totalRow = 'suppressed';
      if (!cell.strict) return;
      stats.nonEmpty++;
      if (stats.strictSuppressed === 0) stats.firstStrictRow = rowNo;
      stats.strictSuppressed++;
      return;
    case 'number':
      stats.nonEmpty++;
      stats.numbers++;
      return;
    case 'text':
      stats.nonEmpty++;
      stats.texts++;
  }
}

/** True when every published cell is a whole number (suppressed cells aside) and there is at least one. */
export function isWholeNumberColumn(stats: ColumnStats): boolean {
  return stats.counts > 0 && stats.numbers === 0 && stats.percents === 0 && stats.texts <= Math.floor(0.02 * stats.nonEmpty);
}

/** True when the column is mostly text or dates: the category labels of a table. */
export function isCategoryColumn(stats: ColumnStats): boolean {
  return stats.nonEmpty > 0 && stats.texts >= 0.5 * stats.nonEmpty;
}

/** True when the column follows midpoint-6 rounding throughout (OpenSAFELY accepts it). */
export function isMidpoint6Column(stats: ColumnStats): boolean {
  return stats.positives > 0 && stats.notMidpoint6 === 0;
}
