/**
 * Excel workbooks (XLSX, XLSM, XLTX): hidden and very hidden sheets, hidden rows and columns,
 * pivot caches with stored records, links to other workbooks, data connections, comments and
 * macros, plus the package-wide checks. Every sheet — hidden ones included — becomes a table for
 * the sdc/microdata analysers and its string cells become texts at {sheet, cell}.
 *
 * Example: `<sheet name="Raw" state="veryHidden" r:id="rId2"/>` gives
 * `{rule:'hidden-content.hidden_sheet', severity:'review', location:{sheet:'R••••', sheetIndex:2}}` (a sheet is named by its position and masked name).
 */
import { sheetLocation } from '../../shared/mask-name';
import { sheetIdentifierFindings } from '../../shared/sheet-columns';
import { finding } from '../../engine/types';
import type { CheckContext, Extracted, FileInfo, FormatHandler } from '../../engine/types';
import { Collector, plural } from './collector';
import { checkPackageCommon } from './ooxml-common';
import { openOoxml } from './ooxml-package';
import type { OoxmlPackage } from './ooxml-package';
import { assertWithinBudget, guardExtract } from '../../engine/extract-guard';
import { columnName, newSheetBudget, scanSharedStrings, scanSheet } from './sheet-scan';
import type { SheetBudget } from './sheet-scan';
import type { WorkbookSheet } from './workbook-sheet';
import { checkComments, checkConnections, checkExternalLinks, checkPivotCaches } from './xlsx-parts';
import { attrOf, children, first, parseXml } from './xml-scan';
import { openZip } from './zip-package';
import { mediaTypesOf } from '../../formats/registry';

const SHEET_TYPES = mediaTypesOf('xlsx', 'xlsm');

/** Opens XLSX/XLSM/XLTX workbooks. */
export const xlsxHandler: FormatHandler = {
  name: 'xlsx',
  matches: (file: FileInfo) => SHEET_TYPES.has(file.mediaType.toLowerCase()),
  extract: (bytes: Buffer, _file: FileInfo, ctx: CheckContext): Promise<Extracted> => {
    const out = new Collector();
    return guardExtract(
      'Excel workbook',
      () => out.result(),
      async () => {
        const pkg = await openOoxml(await openZip(bytes));
        const stop = () => assertWithinBudget(ctx);
        const budget = newSheetBudget();
        await checkPackageCommon(pkg, out);
        const workbook = (await pkg.mainPart()) ?? 'xl/workbook.xml';
        const sheets = await readWorkbook(pkg, workbook);
        for (const s of sheets) {
          if (s.state === 'hidden' || s.state === 'veryHidden') {
            const how = s.state === 'veryHidden' ? 'very hidden (only visible through the VBA editor)' : 'hidden';
            out.add(finding('hidden-content', 'hidden_sheet', 'review', `A ${how} sheet; its data is in the file and is checked like the others`, s.where));
          }
        }
        const strings = await readSharedStrings(pkg, workbook, budget, stop);
        for (const s of sheets) await checkSheet(pkg, s, strings, budget, out, stop);
        await checkComments(pkg, sheets, out);
        await checkPivotCaches(pkg, budget, out, stop);
        await checkExternalLinks(pkg, out);
        await checkConnections(pkg, out);
        return out.result();
      },
    );
  },
};

async function readWorkbook(pkg: OoxmlPackage, workbook: string): Promise<WorkbookSheet[]> {
  const xml = await pkg.text(workbook);
  if (xml === undefined) return [];
  const rels = await pkg.rels(workbook);
  const root = first(parseXml(xml, workbook), 'workbook');
  return children(first(root, 'sheets'), 'sheet').map((node, i) => {
    const id = attrOf(node, 'id');
    const rel = rels.find((r) => r.id === id && !r.external);
    const name = attrOf(node, 'name') ?? `Sheet ${i + 1}`;
    return { name, where: sheetLocation(i + 1, name), state: attrOf(node, 'state') ?? 'visible', part: rel && rel.type === 'worksheet' ? rel.target : undefined };
  });
}

async function readSharedStrings(pkg: OoxmlPackage, workbook: string, budget: SheetBudget, stop: () => void): Promise<string[]> {
  const rel = (await pkg.rels(workbook)).find((r) => r.type === 'sharedStrings' && !r.external);
  const part = rel?.target ?? pkg.partsOfType('sharedstrings+xml')[0] ?? 'xl/sharedStrings.xml';
  const xml = await pkg.text(part);
  return xml === undefined ? [] : scanSharedStrings(xml, part, budget, stop);
}

async function checkSheet(pkg: OoxmlPackage, sheet: WorkbookSheet, strings: string[], budget: SheetBudget, out: Collector, stop: () => void): Promise<void> {
  if (!sheet.part) return;
  const xml = await pkg.text(sheet.part);
  if (xml === undefined) return;
  stop();
  const scanned = scanSheet(xml, sheet.part, strings, budget, stop);
  const where = sheet.where;
  out.table(scanned.rows, where);
  out.add(...sheetIdentifierFindings({ rows: scanned.rows, where, locate: (i, column) => ({ ...where, cell: `${columnName(column)}${scanned.rowNumbers[i]}` }) }));
  for (const t of scanned.texts) out.text(t.text, { ...where, cell: t.cell });
  if (scanned.overflowText.length > 0) out.text(scanned.overflowText.join('\n'), where);
  if (scanned.truncated) {
    out.add(
      finding(
        'hidden-content',
        'sheet_truncated',
        'review',
        `Only the first ${budget.maxTableRows} rows and ${budget.maxTableColumns} columns of this sheet were analysed as a table; check the rest by hand`,
        where,
      ),
    );
  }
  if (scanned.hiddenRows > 0 || scanned.hiddenRowsWithData > 0) {
    const data = scanned.hiddenRowsWithData > 0 ? `, ${scanned.hiddenRowsWithData} of them holding values` : '';
    out.add(
      finding('hidden-content', 'hidden_rows', 'review', `${plural(Math.max(scanned.hiddenRows, scanned.hiddenRowsWithData), 'hidden row')}${data}; unhide or delete them before release`, where),
    );
  }
  if (scanned.hiddenColumnRanges > 0 || scanned.hiddenColumnCells > 0) {
    const data = scanned.hiddenColumnCells > 0 ? ` holding ${plural(scanned.hiddenColumnCells, 'value')}` : '';
    out.add(finding('hidden-content', 'hidden_columns', 'review', `Hidden columns${data}; unhide or delete them before release`, where));
  }
}
