/**
 * Opening an XLSX workbook for a table operation, within the memory budget: the sizes its sheet
 * parts declare are read from the zip's directory first, and a workbook whose sheets would not
 * fit (ExcelJS holds about SHEET_MEMORY_FACTOR times a sheet's XML) is refused before it is
 * loaded. Each sheet becomes a table of display values exactly as the checks read it
 * (server/checks/families/hidden-content/sheet-scan.ts: rows with data only, one empty row for a
 * gap), with a map back to the sheet's row numbers. ODS sheets are read by ods-sheets.ts.
 *
 * Example: a sheet with data in rows 1–3 and 6 → table rows [r1, r2, r3, [], r6], rowNumbers [1, 2, 3, 0, 6].
 */
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { columnName } from '../../checks/families/hidden-content/sheet-scan';
import { RedactionError, type RedactionContext, type RedactionSource } from '../types';
import { pickSheets, type SheetTable } from './sheet-plans';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** ExcelJS's memory for a sheet, as a multiple of the sheet's XML (measured roughly; kept generous). */
export const SHEET_MEMORY_FACTOR = 10;

export function isXlsxSource(file: { mediaType: string }): boolean {
  return file.mediaType === XLSX_MEDIA_TYPE;
}

/** The uncompressed sizes of the workbook's parts, from the zip's central directory (nothing inflated). */
function partSizes(path: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(new RedactionError('redaction.unparseable', 'The workbook is not a readable zip file'));
      const sizes = new Map<string, number>();
      zip.on('entry', (entry: yauzl.Entry) => {
        sizes.set(entry.fileName, entry.uncompressedSize);
        zip.readEntry();
      });
      zip.on('end', () => resolve(sizes));
      zip.on('error', () => reject(new RedactionError('redaction.unparseable', 'The workbook is not a readable zip file')));
      zip.readEntry();
    });
  });
}

/** Loads the workbook, refusing one too large for the budget or one that cannot be read. */
export async function loadWorkbook(source: RedactionSource, ctx: RedactionContext): Promise<ExcelJS.Workbook> {
  if (!isXlsxSource(source)) throw new RedactionError('redaction.unsupported_format', `Table operations read CSV, TSV, XLSX and ODS files, not ${source.mediaType}`);
  const sizes = await partSizes(source.path);
  if (!sizes.has('xl/workbook.xml')) throw new RedactionError('redaction.unparseable', 'The file has no workbook part: it is not an XLSX workbook');
  let total = 0;
  for (const [name, size] of sizes) {
    if (!name.startsWith('xl/worksheets/') && name !== 'xl/sharedStrings.xml') continue;
    total += size;
    if (size * SHEET_MEMORY_FACTOR > ctx.memoryBudgetBytes) throw new RedactionError('redaction.too_large', `A sheet is too large to redact within the memory budget (${ctx.memoryBudgetBytes} bytes)`);
  }
  if (total * SHEET_MEMORY_FACTOR > ctx.memoryBudgetBytes)
    throw new RedactionError('redaction.too_large', `The workbook's sheets are too large to redact within the memory budget (${ctx.memoryBudgetBytes} bytes)`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(source.path);
  } catch {
    throw new RedactionError('redaction.unparseable', 'The workbook could not be read');
  }
  return workbook;
}

/** A cell's value as the checks see it (the raw text of its value; a formula's cached result). */
export function displayValue(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return String((value.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return displayValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  if ('text' in value) return String(value.text);
  return '';
}

export function sheetTable(sheet: ExcelJS.Worksheet): SheetTable {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let last = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    let data = false;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = displayValue(cell.value);
      if (text === '') return;
      while (cells.length < col - 1) cells.push('');
      cells[col - 1] = text;
      data = true;
    });
    if (!data) return;
    if (rows.length > 0 && rowNumber > last + 1) {
      rows.push([]);
      rowNumbers.push(0);
    }
    rows.push(cells);
    rowNumbers.push(rowNumber);
    last = rowNumber;
  });
  return { rows, rowNumbers };
}

/** The A1 reference of a cell. */
export function cellRef(rowNumber: number, column: number): string {
  return `${columnName(column)}${rowNumber}`;
}

/** The sheets to work on: all, or the 1-based positions given. */
export function chosenSheets(workbook: ExcelJS.Workbook, positions: number[] | undefined): { sheet: ExcelJS.Worksheet; index: number }[] {
  return pickSheets(workbook.worksheets, positions);
}
