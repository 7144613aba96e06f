/**
 * What each table operation changes in one sheet, decided on the sheet's table of display values
 * (rows as the checks read them, with the sheet row number of each): the same plans for XLSX
 * (xlsx-tables.ts, applied through ExcelJS) and ODS (ods-tables.ts, applied by splicing
 * content.xml). Only the writing differs between the two formats.
 *
 * Example: rows [['region','n'],['North','3']], rowNumbers [1, 2], threshold 10 →
 * `planSheetSuppression` gives `{ cells: [{ rowNumber: 2, column: 1, kind: 'primary' }], … }`.
 */
import type { FileInfo } from '../../checks/engine/types';
import type { RedactionContext, RedactionSource } from '../types';
import { RedactionError } from '../types';
import { countColumnsOfRows } from './count-columns';
import { roundCount, type Rounding } from './rounding';
import type { RowPredicate } from './row-predicate';
import { countOf, modelColumns, planTableSuppression, type PlannedCell, type SuppressionRule } from './suppression-plan';
import { resolveColumn, type ColumnRef } from './table-options';

/** A sheet as a table (rows of display values), and the sheet row number of each table row (0 for a gap). */
export interface SheetTable {
  rows: string[][];
  rowNumbers: number[];
}

/** A cell of a sheet: its 1-based row number and 0-based column. */
export interface SheetCell {
  rowNumber: number;
  column: number;
}

function fileInfo(source: RedactionSource): FileInfo {
  return { path: source.path, name: source.name.toLowerCase(), bytes: source.bytes, mediaType: source.mediaType };
}

/** The chosen sheets (all, or the 1-based positions given), with their positions; refuses a position past the last. */
export function pickSheets<T>(all: T[], positions: number[] | undefined): { sheet: T; index: number }[] {
  const indexed = all.map((sheet, i) => ({ sheet, index: i + 1 }));
  if (!positions) return indexed;
  for (const p of positions) if (p > indexed.length) throw new RedactionError('redaction.invalid_parameters', `There is no sheet ${p}: the workbook has ${indexed.length}`);
  return indexed.filter((s) => positions.includes(s.index));
}

export interface SheetSuppression {
  cells: (SheetCell & { kind: PlannedCell['kind'] })[];
  unprotected: number;
  /** The columns whose formulas must become values once anything is withheld (they would recompute from withheld cells). */
  frozenColumns: number[];
  /** Formulas are frozen only below this row number (the header's). */
  headerRowNumber: number;
}

/** Small-count suppression for one sheet, with secondary suppression (suppression-plan.ts). */
export function planSheetSuppression(table: SheetTable, header: number, source: RedactionSource, ctx: RedactionContext, rule: SuppressionRule): SheetSuppression {
  const counts = countColumnsOfRows(table.rows, fileInfo(source), ctx.parameters, ctx.signal);
  const plan = planTableSuppression(table.rows, header, counts, rule, ctx.signal);
  const cells = plan.cells.map((cell) => ({ rowNumber: table.rowNumbers[cell.row]!, column: cell.column, kind: cell.kind }));
  const frozenColumns = plan.cells.length === 0 ? [] : modelColumns(table.rows, header, counts).model;
  return { cells, unprotected: plan.unprotected, frozenColumns, headerRowNumber: table.rowNumbers[header]! };
}

/** The counts of one sheet that rounding changes, with their rounded values. */
export function planSheetRounding(table: SheetTable, header: number, source: RedactionSource, ctx: RedactionContext, rule: Rounding): (SheetCell & { value: number })[] {
  const counts = countColumnsOfRows(table.rows, fileInfo(source), ctx.parameters, ctx.signal);
  const { primary } = modelColumns(table.rows, header, counts);
  const out: (SheetCell & { value: number })[] = [];
  for (let r = header + 1; r < table.rows.length; r++) {
    const rowNumber = table.rowNumbers[r]!;
    if (rowNumber === 0) continue;
    for (const c of primary) {
      const value = countOf(table.rows[r]![c] ?? '');
      if (!(value >= 0)) continue;
      const rounded = roundCount(value, rule);
      if (rounded !== value) out.push({ rowNumber, column: c, value: rounded });
    }
  }
  return out;
}

/** The 0-based columns named by `refs` in the header row, last first (so removing them in order keeps the others' positions). */
export function planDroppedColumns(table: SheetTable, header: number, refs: ColumnRef[]): number[] {
  return [...new Set(refs.map((ref) => resolveColumn(table.rows[header]!, ref)))].sort((a, b) => b - a);
}

/** The table rows to remove (by number as findings give them, or by content), in table order; never the header. */
export function planDroppedRows(table: SheetTable, header: number, rows: number[], where: RowPredicate | undefined): { row: number; rowNumber: number }[] {
  if (rows.includes(header)) throw new RedactionError('redaction.invalid_parameters', 'The header row cannot be removed: remove the file instead');
  const column = where ? resolveColumn(table.rows[header]!, where.column) : -1;
  const doomed: { row: number; rowNumber: number }[] = [];
  table.rows.forEach((cells, r) => {
    const rowNumber = table.rowNumbers[r]!;
    if (rowNumber === 0) return;
    if (rows.includes(r) || (where && r > header && where.matches(cells[column] ?? ''))) doomed.push({ row: r, rowNumber });
  });
  return doomed;
}
