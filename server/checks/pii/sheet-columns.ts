/**
 * Person names and dates of birth in spreadsheet cells, read as the context detector reads
 * delimited text: a header row (it may follow title rows) names the columns, and a value under a
 * name or date-of-birth column is reported at its cell. Sheet cells reach the line detectors one
 * cell at a time, so this column context is otherwise lost.
 *
 * Numeric cells (raw date serials, decimals) never go to the line detectors; here they only count
 * under a date-of-birth column, where the header says they are dates.
 *
 * Example: rows [['Name list'], ['first_name', 'dob'], ['Ada', '44197']] on sheet "People" give
 * `pii.person_name` at {sheet:'People', cell:'A3'} and `pii.date_of_birth` at {sheet:'People', cell:'B3'}.
 */
import type { FindingLocation } from '../../../common/contracts/scan.contract';
import { type Finding, finding } from '../types';
import { classifyHeaderCells } from './columns';
import { DOB_MESSAGE, isBirthDateValue, isNameValue, NAME_MESSAGE } from './column-values';
import { DEFAULT_FINDINGS_PER_RULE } from './finding-budget';

/** A sheet as rows of display values, and how to name a cell for a finding. */
export interface SheetTable {
  sheet: string;
  rows: readonly (readonly string[])[];
  /** The cell reference ('B7') of row `rowIndex` (index into `rows`), column `column` (0-based). */
  cellName(rowIndex: number, column: number): string;
}

interface RuleCount {
  rule: 'person_name' | 'date_of_birth';
  message: string;
  what: string;
  listed: number;
  more: boolean;
}

/** Findings for names and dates of birth under the columns a header row of the sheet names. */
export function sheetIdentifierFindings(table: SheetTable, cap = DEFAULT_FINDINGS_PER_RULE): Finding[] {
  const { rows, sheet } = table;
  let start = 0;
  let header: ReturnType<typeof classifyHeaderCells>;
  for (; start < rows.length && !header; start++) header = classifyHeaderCells(rows[start]!);
  if (!header) return [];
  const out: Finding[] = [];
  const names: RuleCount = { rule: 'person_name', message: NAME_MESSAGE, what: 'a person name', listed: 0, more: false };
  const dobs: RuleCount = { rule: 'date_of_birth', message: DOB_MESSAGE, what: 'a date of birth', listed: 0, more: false };
  /** Reports the first matching column of a row for one rule, until the rule is past its cap. */
  const scanRow = (count: RuleCount, columns: number[], matches: (v: string) => boolean, rowIndex: number): void => {
    if (count.more) return;
    const row = rows[rowIndex]!;
    const column = columns.find((c) => row[c] !== undefined && row[c] !== '' && matches(row[c]!));
    if (column === undefined) return;
    if (count.listed >= cap) {
      count.more = true;
      return;
    }
    count.listed++;
    const location: FindingLocation = { sheet, cell: table.cellName(rowIndex, column) };
    out.push(finding('pii', count.rule, 'review', count.message, location));
  };
  for (let i = start; i < rows.length && !(names.more && dobs.more); i++) {
    scanRow(names, header.nameColumns, isNameValue, i);
    scanRow(dobs, header.dobColumns, isBirthDateValue, i);
  }
  for (const count of [names, dobs]) {
    if (count.more) out.push(finding('pii', count.rule, 'info', `More rows with ${count.what} were found; only the first ${cap} are listed and the rest were not examined`, { sheet }));
  }
  return out;
}
