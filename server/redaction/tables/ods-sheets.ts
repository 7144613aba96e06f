/**
 * The sheets of an ODS content.xml as tables, read by the checks' own OpenDocument scanner
 * (server/checks/families/hidden-content/odf-scan.ts), so a table operation plans over exactly
 * the cells the checks judge, numbered as they number them (repeated rows and cells expanded
 * where they hold a value, one empty row for a gap). A sheet the scanner had to cut short, or a
 * content.xml past its cell budget, is too large to redact; markup it cannot read is unparseable.
 *
 * Example: `<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="3"/></table:table-row>`
 * → rows [['3'], ['3']], rowNumbers [1, 2].
 */
import { ExtractProblem } from '../../checks/engine/extract-guard';
import { scanOdfContent, type OdfSheet } from '../../checks/families/hidden-content/odf-scan';
import { newSheetBudget } from '../../checks/families/hidden-content/sheet-scan';
import { RedactionError, type RedactionContext } from '../types';

/** Reads every sheet of content.xml; refuses (RedactionError) what the checks could not read whole. */
export function readOdsSheets(xml: string, ctx: RedactionContext): OdfSheet[] {
  const budget = newSheetBudget();
  let sheets: OdfSheet[];
  try {
    sheets = scanOdfContent(xml, 'content.xml', budget, () => {
      if (ctx.signal.aborted) throw new RedactionError('redaction.too_large', 'The redaction ran out of time');
    }).sheets;
  } catch (e) {
    if (e instanceof RedactionError) throw e;
    if (e instanceof ExtractProblem && budget.cells > budget.maxCells) throw new RedactionError('redaction.too_large', `The spreadsheet holds more than ${budget.maxCells} cells: too large to redact`);
    throw new RedactionError('redaction.unparseable', 'The spreadsheet content cannot be read');
  }
  return sheets;
}

/** Refuses a sheet the scanner cut short: planning over part of a table could leave a count or a margin behind. */
export function assertWholeSheet(sheet: OdfSheet): void {
  if (sheet.truncated) throw new RedactionError('redaction.too_large', 'A sheet has more rows or columns than can be redacted here: split it first');
}
