/**
 * The table operations on an XLSX workbook: each chosen sheet is read as the checks read it
 * (workbook.ts), planned like any sheet (sheet-plans.ts), and changed through ExcelJS, which
 * keeps the cells' styles, the column widths and the other sheets. A count cell that was a
 * formula becomes its value when the sheet is redacted (a formula would recompute from withheld
 * cells or undo the rounding).
 *
 * Example: suppressing sheet 1 of `counts.xlsx` sets B3 to `[REDACTED]`, bold and number format kept.
 */
import type ExcelJS from 'exceljs';
import type { RedactionContext, RedactionOutcome, RedactionSource } from '../types';
import { RedactionError } from '../types';
import { ChangeList } from './change-list';
import { headerIndex } from './header-row';
import { roundingLabel, type Rounding } from './rounding';
import type { RowPredicate } from './row-predicate';
import { planDroppedColumns, planDroppedRows, planSheetRounding, planSheetSuppression, type SheetTable } from './sheet-plans';
import type { SuppressionRule } from './suppression-plan';
import type { ColumnRef } from './table-options';
import { cellRef, chosenSheets, loadWorkbook, sheetTable } from './workbook';

/** Runs `each` over the chosen sheets that hold a table, then writes the workbook. */
async function eachSheet(
  source: RedactionSource,
  outPath: string,
  ctx: RedactionContext,
  sheets: number[] | undefined,
  each: (sheet: ExcelJS.Worksheet, index: number, table: SheetTable, header: number) => void,
): Promise<void> {
  const workbook = await loadWorkbook(source, ctx);
  for (const { sheet, index } of chosenSheets(workbook, sheets)) {
    if (ctx.signal.aborted) throw new RedactionError('redaction.too_large', 'The redaction ran out of time');
    const table = sheetTable(sheet);
    const header = headerIndex(table.rows);
    if (header >= 0) each(sheet, index, table, header);
  }
  await workbook.xlsx.writeFile(outPath);
}

export async function suppressXlsx(source: RedactionSource, outPath: string, ctx: RedactionContext, rule: SuppressionRule, marker: string, sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  let unprotected = 0;
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, table, header) => {
    const plan = planSheetSuppression(table, header, source, ctx, rule);
    if (plan.cells.length === 0) return;
    unprotected += plan.unprotected;
    freezeFormulas(sheet, table, header, plan.frozenColumns);
    for (const cell of plan.cells) {
      sheet.getCell(cell.rowNumber, cell.column + 1).value = marker;
      changes.add({ sheetIndex, cell: cellRef(cell.rowNumber, cell.column) }, `suppressed (${cell.kind})`);
    }
  });
  if (unprotected > 0) changes.notes.push(`${unprotected} withheld cells could still be worked out from the margins: withhold more by hand or remove the margins`);
  return changes.outcome('No count in the workbook is below the threshold');
}

export async function roundXlsx(source: RedactionSource, outPath: string, ctx: RedactionContext, rule: Rounding, sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  const label = roundingLabel(rule);
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, table, header) => {
    for (const cell of planSheetRounding(table, header, source, ctx, rule)) {
      sheet.getCell(cell.rowNumber, cell.column + 1).value = cell.value;
      changes.add({ sheetIndex, cell: cellRef(cell.rowNumber, cell.column) }, label);
    }
  });
  return changes.outcome('Every count is already rounded');
}

export async function dropXlsxColumns(source: RedactionSource, outPath: string, ctx: RedactionContext, refs: ColumnRef[], sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, table, header) => {
    for (const c of planDroppedColumns(table, header, refs)) {
      sheet.spliceColumns(c + 1, 1);
      changes.add({ sheetIndex, column: c + 1 }, 'column removed');
    }
  });
  return changes.outcome('No column to remove');
}

export async function dropXlsxRows(source: RedactionSource, outPath: string, ctx: RedactionContext, rows: number[], where: RowPredicate | undefined, sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, table, header) => {
    for (const doomed of planDroppedRows(table, header, rows, where).reverse()) {
      sheet.spliceRows(doomed.rowNumber, 1);
      changes.add({ sheetIndex, row: doomed.row }, 'row removed');
    }
  });
  return changes.outcome('No row matched');
}

/** Replaces the formulas of the table's count cells by their cached results. */
function freezeFormulas(sheet: ExcelJS.Worksheet, table: SheetTable, header: number, columns: number[]): void {
  for (let r = header + 1; r < table.rows.length; r++) {
    const rowNumber = table.rowNumbers[r]!;
    if (rowNumber === 0) continue;
    for (const c of columns) {
      const cell = sheet.getCell(rowNumber, c + 1);
      const value = cell.value;
      if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) cell.value = (value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue;
    }
  }
}
