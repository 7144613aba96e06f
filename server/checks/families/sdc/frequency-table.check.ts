/**
 * The sdc analyser: recognises frequency tables and cross-tabulations among the tables it is
 * given and applies the preset's statistical disclosure rules to their count cells.
 *
 * A column is a count column when every published cell is a whole number and either its header
 * names a count (`n`, `count`, `deaths`, `num_x`…) or the table is aggregate-shaped (category
 * labels down the first column and at most MAX_SHAPE_ROWS rows, or only whole-number columns next
 * to a named count such as `population`). Regression tables, row-level data and columns that
 * are codes, years, ranks or rates are left alone. Already-suppressed cells (`<10`, `[REDACTED]`,
 * `*`, `NA`…) are recognised, never reported as errors.
 *
 * Rules (one finding per rule per column, at its first offending cell, with the number of cells):
 * `sdc.small_count` (block), `sdc.zero_count` (review, when zeros are disclosive),
 * `sdc.unrounded` (review, when the preset rounds), `sdc.recoverable_by_subtraction` (review),
 * `sdc.small_denominator` (review).
 *
 * Example (ACRO): `region,n` / `North,12` / `South,7` → `sdc.small_count` block at {row:2, column:2}:
 * 'Column "n": 1 cell holds a count below the minimum of 10'.
 */
import { PERSON_KINDS, QUASI_KINDS, personAttribute } from '../../shared/person-attributes';
import { plainInteger, type TableRow } from '../../engine/table-row';
import type { CheckContext, Finding, FindingLocation, TableAnalyzer, TableAnalyzerFactory } from '../../engine/types';
import { isPercentText, isTotalLabel, mayStartTotalLabel, readCell } from '../../shared/table-cells';
import { isCategoryColumn, isWholeNumberColumn, newColumnStats, note, tally, tallyCount, type ColumnStats } from './column-stats';
import { denominatorRank, headerWords, isAggregateCountHeader, isCountHeader, isMarginHeader, isNeverCountHeader, isPercentHeader, isRegressionHeader } from '../../shared/header-words';
import { ruleFindings, type SdcColumn } from './rule-findings';
import { TableRows } from '../../shared/table-rows';

/** Tables with category labels and at most this many rows count as aggregate-shaped. */
const MAX_SHAPE_ROWS = 200;

/**
 * How the headers bear on row-level data: 'person' when a column identifies people (the table is
 * microdata, never a frequency table), 'quasi' when two or more quasi-identifiers stand without a
 * count column (a frequency table only if every row is a different combination), else 'none'.
 */
function personSignal(words: string[][]): 'person' | 'quasi' | 'none' {
  const kinds = words.map((w) => personAttribute(w));
  if (kinds.some((kind) => kind !== null && PERSON_KINDS.has(kind) && !QUASI_KINDS.has(kind))) return 'person';
  const quasi = new Set(kinds.filter((kind) => kind !== null && QUASI_KINDS.has(kind)).map((kind) => (kind === 'postcode' ? 'area' : kind)));
  return quasi.size >= 2 && !words.some((w) => isAggregateCountHeader(w)) ? 'quasi' : 'none';
}

/**
 * True once a column's cells show it can never be a count column: a decimal or percentage, or
 * mostly text over many rows. Its tally is then frozen, which keeps text-heavy tables cheap.
 */
function cannotHoldCounts(stats: ColumnStats): boolean {
  return stats.numbers > 0 || stats.percents > 0 || (stats.nonEmpty >= 1000 && stats.texts > 0.5 * stats.nonEmpty);
}

/** True when a header is a bare category value (`0`, `1`, `2019`): the columns of a cross-tabulation. */
function isValueHeader(header: string): boolean {
  return /^\s*-?\d+(?:\.\d+)?\s*$/.test(header);
}

/** Builds the analyser for one table. */
export const frequencyTableAnalyzer: TableAnalyzerFactory = (_file, ctx: CheckContext, table: { location: FindingLocation }): TableAnalyzer => {
  const params = ctx.parameters;
  let columns: SdcColumn[] = [];
  let silent = false;
  let totalColumn = -1;
  /** Set when no header names a count: only a small aggregate-shaped table can then hold counts. */
  let needsShape = false;
  /** Quasi-identifier columns whose combinations must all differ for a frequency table. */
  let quasiColumns: number[] = [];
  const combinations = new Set<string>();
  const firstColumnValues = new Set<string>();
  let rows = 0;
  const shape = new TableRows();
  /**
   * The columns whose cells a row is read for, in order: all but those settled whose denominator
   * has settled too, as nothing about them can change any more (a settled column stays settled).
   */
  let live: number[] = [];
  let liveStale = true;

  function liveColumns(): number[] {
    if (liveStale) {
      live = columns.filter((column) => !column.settled || (column.denominator >= 0 && !columns[column.denominator]!.settled)).map((column) => column.index);
      liveStale = false;
    }
    return live;
  }

  function applyHeader(cells: string[]): void {
    const words = cells.map(headerWords);
    const signal = personSignal(words);
    silent = isRegressionHeader(cells) || signal === 'person';
    needsShape = !words.some(isCountHeader);
    quasiColumns = signal === 'quasi' ? words.flatMap((w, index) => (personAttribute(w) ? [index] : [])) : [];
    const byRank = (rank: number): number => words.findIndex((w) => denominatorRank(w) === rank);
    const namedDenominator = byRank(2) >= 0 ? byRank(2) : byRank(1);
    columns = cells.map((cell, index) => ({
      name: cell.replace(/^\uFEFF/, '').trim(),
      index,
      words: words[index]!,
      percentHeader: isPercentHeader(cell, words[index]!),
      denominator: -1,
      stats: newColumnStats(),
      isCount: false,
      settled: false,
    }));
    for (const column of columns) {
      if (namedDenominator >= 0 && namedDenominator !== column.index) column.denominator = namedDenominator;
      else for (let left = column.index - 1; left >= 0 && column.denominator < 0; left--) if (!columns[left]!.percentHeader) column.denominator = left;
    }
    totalColumn = columns.findIndex((column) => column.index > 0 && isMarginHeader(column.words));
    liveStale = true;
  }

  function checkDenominators(cells: TableRow, rowNo: number): void {
    for (const column of columns) {
      if (column.index >= cells.length || column.denominator < 0) continue;
      if (!column.percentHeader && cells.lastCharCode(column.index) !== 37) continue;
      const raw = cells.cell(column.index);
      if (!(column.percentHeader || isPercentText(raw))) continue;
      const own = readCell(raw);
      if (own.kind !== 'number' && own.kind !== 'count') continue;
      const denominator = readCell(cells.cell(column.denominator));
      if (denominator.kind === 'count' && denominator.value > 0 && denominator.value < params.minDenominator) {
        note(column.stats.smallDenominator, rowNo);
      }
    }
  }

  function dataRow(cells: TableRow, rowNo: number): void {
    if (silent) return;
    const isTotalRow = mayStartTotalLabel(cells.charCode(0, 0), cells.charCode(0, 1)) && isTotalLabel(cells.cell(0));
    let suppressedAt = -1;
    let suppressedCells = 0;
    /** Set when a cell may be a percentage with a denominator: only a cell ending in `%` under another header. */
    let percentages = false;
    const width = Math.min(cells.length, columns.length);
    if (!cells.anyFilled(width)) return;
    // Every cell of every row passes here: offsets are read directly (i < width ≤ cells.length).
    const { text, starts, ends } = cells;
    const read = liveColumns();
    for (let k = 0; k < read.length; k++) {
      const i = read[k]!;
      if (i >= width) break;
      const column = columns[i]!;
      const start = starts[i]!;
      const end = ends[i]!;
      if (start === end) {
        // An empty cell is a missing value: it only marks a suppressed total (as readCell('') would).
        if (isTotalRow && !column.settled) column.stats.totalRow = 'suppressed';
        continue;
      }
      // A percentage only matters while its denominator may be a count column (a settled column never is one).
      if (column.denominator >= 0 && !columns[column.denominator]!.settled && (column.percentHeader || text.charCodeAt(end - 1) === 37)) percentages = true;
      if (column.settled) continue;
      // A plain whole number (most cells of a count column) is tallied without a string or a reading.
      const count = plainInteger(text, start, end);
      if (count >= 0) {
        tallyCount(column.stats, count, rowNo, isTotalRow, params);
        continue;
      }
      const raw = cells.cell(i);
      const cell = readCell(raw);
      tally(column.stats, cell, rowNo, isTotalRow, params);
      if (cell.kind === 'number' && isPercentText(raw)) column.stats.percents++;
      if ((cell.kind === 'number' || cell.kind === 'text') && cannotHoldCounts(column.stats)) {
        column.settled = true;
        liveStale = true;
      }
      if (cell.kind === 'suppressed' && cell.strict && i > 0 && i !== totalColumn && !column.percentHeader) {
        suppressedCells++;
        suppressedAt = i;
      }
    }
    rows++;
    if (rows <= MAX_SHAPE_ROWS + 1) firstColumnValues.add(cells.cell(0));
    if (needsShape && rows > MAX_SHAPE_ROWS) silent = true;
    if (quasiColumns.length > 0 && !noteCombination(cells)) return;
    if (percentages) checkDenominators(cells, rowNo);
    // The one suppressed cell of a row with a published row total is that total minus the rest.
    if (suppressedCells === 1 && totalColumn >= 0 && readCell(cells.cell(totalColumn)).kind === 'count') {
      note(columns[suppressedAt]!.stats.rowRecoverable, rowNo);
    }
  }

  /** Remembers the row's quasi-identifier combination; false (and silent) when it repeats: microdata. */
  function noteCombination(cells: TableRow): boolean {
    const key = quasiColumns.map((index) => cells.cell(index)).join('\u001f');
    if (combinations.has(key) || combinations.size >= MAX_SHAPE_ROWS) silent = true;
    else combinations.add(key);
    return !silent;
  }

  /** True when the first column labels the rows: text categories, or the row values of an R-style cross-tabulation. */
  function isLabelColumn(): boolean {
    const first = columns[0];
    if (!first) return false;
    if (isCategoryColumn(first.stats)) return true;
    // A first column of years, months or ages, one row each, labels the rows of a small table.
    if (isNeverCountHeader(first.words) && rows <= MAX_SHAPE_ROWS && firstColumnValues.size === rows) return true;
    const others = columns.slice(1);
    const crossTab = first.name === '' || (others.length >= 2 && others.every((column) => isValueHeader(column.name)));
    return crossTab && others.length >= 1 && rows <= MAX_SHAPE_ROWS && firstColumnValues.size === rows && others.every((column) => isWholeNumberColumn(column.stats));
  }

  /** Decides which columns hold counts, now that the whole table has been seen. */
  function classify(): void {
    const labelled = isLabelColumn();
    const whole = (column: SdcColumn): boolean => isWholeNumberColumn(column.stats) && !isNeverCountHeader(column.words);
    const named = columns.some((column) => whole(column) && isCountHeader(column.words));
    const onlyNumbers = columns.every((column) => whole(column) || column.stats.nonEmpty === 0);
    const aggregateShape = labelled ? rows <= MAX_SHAPE_ROWS : named && onlyNumbers;
    const firstNamed = columns.findIndex((column) => whole(column) && isCountHeader(column.words));
    for (const column of columns) {
      if (!whole(column)) continue;
      const ordinal = column.stats.maxCount <= 10 && rows >= 20;
      // 0/1 columns before the first named count of an all-number table are the categories
      // (indicators such as smoker, diabetic) that the count is broken down by.
      const indicator = !labelled && firstNamed >= 0 && column.index < columns[firstNamed]!.index && column.stats.maxCount <= 1;
      column.isCount = isCountHeader(column.words) || (aggregateShape && !ordinal && !indicator && !(labelled && column.index === 0));
    }
  }

  function header(raw: string[]): void {
    const cells = shape.header(raw);
    if (cells) applyHeader(cells);
  }

  function row(raw: TableRow, rowNo: number): void {
    if (silent) return;
    const outcome = shape.row(raw);
    if (outcome.header) applyHeader(outcome.header);
    if (outcome.cells) dataRow(outcome.cells, rowNo);
  }

  function finish(): Finding[] {
    if (silent || columns.length === 0 || rows === 0) return [];
    classify();
    if (!columns.some((column) => column.isCount)) return [];
    return ruleFindings({ columns, params, location: table.location, totalColumn });
  }

  return { family: 'sdc', header, row, finish };
};
