/**
 * The table operations on an ODS (OpenDocument spreadsheet): each chosen sheet is read as the
 * checks read it (ods-sheets.ts), planned like any sheet (sheet-plans.ts, the same plans as
 * XLSX), and the changes are spliced into content.xml (ods-rewrite.ts), so styles, column widths,
 * the other sheets and every other part of the package stay as they were. A count cell that was a
 * formula becomes its value when the sheet is redacted, as in XLSX.
 *
 * Example: suppressing `counts.ods` rewrites B2 as `<table:table-cell table:style-name="ce1"
 * office:value-type="string"><text:p>[REDACTED]</text:p></table:table-cell>`; nothing else changes.
 */
import type { OdfSheet } from '../../checks/families/hidden-content/odf-scan';
import type { RedactionContext, RedactionOutcome, RedactionSource } from '../types';
import { RedactionError } from '../types';
import { ChangeList } from './change-list';
import { headerIndex } from './header-row';
import { readOdsPackage } from './ods-package';
import { newSheetEdits, rewriteOdsContent, setCell, type SheetEdits } from './ods-rewrite';
import { assertWholeSheet, readOdsSheets } from './ods-sheets';
import { roundingLabel, type Rounding } from './rounding';
import type { RowPredicate } from './row-predicate';
import { pickSheets, planDroppedColumns, planDroppedRows, planSheetRounding, planSheetSuppression } from './sheet-plans';
import type { SuppressionRule } from './suppression-plan';
import type { ColumnRef } from './table-options';
import { cellRef } from './workbook';

/** Runs `each` over the chosen sheets that hold a table, collecting their edits, then writes the package when anything changed. */
async function eachSheet(
  source: RedactionSource,
  outPath: string,
  ctx: RedactionContext,
  sheets: number[] | undefined,
  each: (sheet: OdfSheet, index: number, header: number, edits: SheetEdits) => void,
): Promise<void> {
  const pkg = await readOdsPackage(source, ctx);
  const all = new Map<number, SheetEdits>();
  for (const { sheet, index } of pickSheets(readOdsSheets(pkg.content, ctx), sheets)) {
    if (ctx.signal.aborted) throw new RedactionError('redaction.too_large', 'The redaction ran out of time');
    const header = headerIndex(sheet.rows);
    if (header < 0) continue;
    assertWholeSheet(sheet);
    const edits = newSheetEdits();
    each(sheet, index, header, edits);
    if (edits.cells.size > 0 || edits.dropRows.size > 0 || edits.dropColumns.size > 0) all.set(index, edits);
  }
  if (all.size > 0) await pkg.write(outPath, rewriteOdsContent(pkg.content, all));
}

export async function suppressOds(source: RedactionSource, outPath: string, ctx: RedactionContext, rule: SuppressionRule, marker: string, sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  let unprotected = 0;
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, header, edits) => {
    const plan = planSheetSuppression(sheet, header, source, ctx, rule);
    if (plan.cells.length === 0) return;
    unprotected += plan.unprotected;
    edits.freeze = { afterRow: plan.headerRowNumber, columns: new Set(plan.frozenColumns) };
    for (const cell of plan.cells) {
      setCell(edits, cell.rowNumber, cell.column, { text: marker });
      changes.add({ sheetIndex, cell: cellRef(cell.rowNumber, cell.column) }, `suppressed (${cell.kind})`);
    }
  });
  if (unprotected > 0) changes.notes.push(`${unprotected} withheld cells could still be worked out from the margins: withhold more by hand or remove the margins`);
  return changes.outcome('No count in the spreadsheet is below the threshold');
}

export async function roundOds(source: RedactionSource, outPath: string, ctx: RedactionContext, rule: Rounding, sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  const label = roundingLabel(rule);
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, header, edits) => {
    for (const cell of planSheetRounding(sheet, header, source, ctx, rule)) {
      setCell(edits, cell.rowNumber, cell.column, { count: cell.value });
      changes.add({ sheetIndex, cell: cellRef(cell.rowNumber, cell.column) }, label);
    }
  });
  return changes.outcome('Every count is already rounded');
}

export async function dropOdsColumns(source: RedactionSource, outPath: string, ctx: RedactionContext, refs: ColumnRef[], sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, header, edits) => {
    for (const c of planDroppedColumns(sheet, header, refs)) {
      edits.dropColumns.add(c);
      changes.add({ sheetIndex, column: c + 1 }, 'column removed');
    }
  });
  return changes.outcome('No column to remove');
}

export async function dropOdsRows(source: RedactionSource, outPath: string, ctx: RedactionContext, rows: number[], where: RowPredicate | undefined, sheets?: number[]): Promise<RedactionOutcome> {
  const changes = new ChangeList();
  await eachSheet(source, outPath, ctx, sheets, (sheet, sheetIndex, header, edits) => {
    for (const doomed of planDroppedRows(sheet, header, rows, where).reverse()) {
      edits.dropRows.add(doomed.rowNumber);
      changes.add({ sheetIndex, row: doomed.row }, 'row removed');
    }
  });
  return changes.outcome('No row matched');
}
