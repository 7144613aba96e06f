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
import type { Finding, FindingLocation } from '../engine/types';
import { classifyHeaderCells } from './columns';
import { DOB_MESSAGE, isBirthDateValue, isNameValue, NAME_MESSAGE } from './column-values';
import { DEFAULT_FINDINGS_PER_RULE, FindingBudget } from './finding-budget';

/** A sheet (or a dataset's table) as rows of display values, and how to locate a cell for a finding. */
export interface SheetTable {
  rows: readonly (readonly string[])[];
  /** Where the table is (e.g. `{sheet}`), if anywhere but the file itself: the place of the closing summary of a rule past its cap. */
  where?: FindingLocation;
  /** The location of row `rowIndex` (index into `rows`), column `column` (0-based), e.g. `{sheet, cell: 'B7'}`. */
  locate(rowIndex: number, column: number): FindingLocation;
  /** True when the first row is the header (a dataset's column names): no title rows are looked past. */
  headerFirst?: boolean;
}

interface SheetRule {
  rule: 'person_name' | 'date_of_birth';
  message: string;
  what: string;
  columns: number[];
  matches: (value: string) => boolean;
}

/** Findings for names and dates of birth under the columns a header row of the sheet names. */
export function sheetIdentifierFindings(table: SheetTable, cap = DEFAULT_FINDINGS_PER_RULE): Finding[] {
  const { rows } = table;
  let start = 0;
  let header: ReturnType<typeof classifyHeaderCells>;
  const lastHeader = table.headerFirst ? Math.min(1, rows.length) : rows.length;
  for (; start < lastHeader && !header; start++) header = classifyHeaderCells(rows[start]!);
  if (!header) return [];
  const out: Finding[] = [];
  const budget = new FindingBudget('pii', cap, 'rows');
  const rules: SheetRule[] = [
    { rule: 'person_name', message: NAME_MESSAGE, what: 'a person name', columns: header.nameColumns, matches: isNameValue },
    { rule: 'date_of_birth', message: DOB_MESSAGE, what: 'a date of birth', columns: header.dobColumns, matches: isBirthDateValue },
  ];
  for (let i = start; i < rows.length && !rules.every((r) => budget.isFull(r.rule)); i++) {
    const row = rows[i]!;
    for (const r of rules) {
      if (budget.isFull(r.rule)) continue;
      // The first matching column of the row, for each rule.
      const column = r.columns.find((c) => row[c] !== undefined && row[c] !== '' && r.matches(row[c]!));
      if (column !== undefined) budget.addAt(out, r.rule, 'review', r.message, r.what, i, table.locate(i, column));
    }
  }
  return [...out, ...budget.finish(table.where)];
}
