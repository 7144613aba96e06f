/**
 * A sheet of an Excel workbook as read from workbook.xml; shared by the workbook check
 * (xlsx.check.ts) and its per-part checks (xlsx-parts.ts) so that the two do not import each other.
 */

/** A sheet listed in workbook.xml. */
export interface WorkbookSheet {
  name: string;
  /** Where findings place the sheet: its position and masked name (a sheet's name is the file's text). */
  where: { sheet: string; sheetIndex: number };
  state: string;
  part: string | undefined;
}
