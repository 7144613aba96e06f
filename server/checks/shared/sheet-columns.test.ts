import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../common/contracts/scan.contract';
import { sheetIdentifierFindings } from './sheet-columns';

const A = 'A'.charCodeAt(0);
/** Rows numbered from 1 with no gaps; columns A, B, C… */
function findings(rows: string[][], cap?: number) {
  const out = sheetIdentifierFindings({ rows, where: { sheet: 'People' }, locate: (i, c) => ({ sheet: 'People', cell: `${String.fromCharCode(A + c)}${i + 1}` }) }, cap);
  for (const f of out) findingSchema.parse(f);
  return out.map((f) => [f.rule, f.severity, f.location?.cell ?? null]);
}

describe('names and dates of birth under named spreadsheet columns', () => {
  it('reports names and dates of birth (written out or as date serials) at their cells, after title rows', () => {
    const rows = [['Clinic list'], [], ['Patient ID', 'First Name', 'Surname', 'Date of Birth'], ['1', 'Ada', 'LOVELACE', '5823'], ['2', 'Charles', 'Babbage', '26/12/1971']];
    expect(findings(rows)).toEqual([
      ['pii.person_name', 'review', 'B4'],
      ['pii.date_of_birth', 'review', 'D4'],
      ['pii.person_name', 'review', 'B5'],
      ['pii.date_of_birth', 'review', 'D5'],
    ]);
  });

  it('lists at most the cap per rule, then one info finding for the sheet', () => {
    const rows = [['surname', 'dob'], ...Array.from({ length: 5 }, () => ['Smith', '30000'])];
    const out = findings(rows, 2);
    expect(out.filter(([rule, severity]) => rule === 'pii.person_name' && severity === 'review')).toHaveLength(2);
    expect(out).toContainEqual(['pii.person_name', 'info', null]);
    expect(out).toContainEqual(['pii.date_of_birth', 'info', null]);
  });

  it('does not fire without a header naming the column, or on values that are not names or dates', () => {
    // Numbers under unnamed or other columns: serials, decimals, phone-like digits.
    expect(
      findings([
        ['id', 'phone', 'visit_date'],
        ['1', '07700900123', '44197'],
        ['2', '0.0123456789', '43831.5'],
      ]),
    ).toEqual([]);
    // Product names, birth counts and places of birth are not about a person.
    expect(
      findings([
        ['product_name', 'births', 'place_of_birth'],
        ['Widget', '120', 'Leeds'],
      ]),
    ).toEqual([]);
    // Placeholders and numbers under name columns; text that is not a date under a birth-date column.
    expect(
      findings([
        ['first_name', 'dob'],
        ['n/a', 'unknown'],
        ['12345', 'REDACTED'],
        ['TRUE', '0.5'],
      ]),
    ).toEqual([]);
    // A header alone, or a single-cell "header", gives nothing.
    expect(findings([['surname']])).toEqual([]);
    expect(findings([['surname'], ['Smith']])).toEqual([]);
  });
});
