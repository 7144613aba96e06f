/**
 * Parameters shared by the table operations: how a column is named (its header text, or its
 * 1-based position), which sheets of a workbook to work on, and the suppression marker.
 *
 * Example: `{ columns: ['postcode', 3] }` names the column headed `postcode` and the third one.
 */
import { z } from 'zod';
import { readCell } from '../../checks/shared/table-cells';
import { RedactionError } from '../types';

export const columnRefSchema = z.union([z.string().min(1).max(200), z.number().int().positive()]);
export type ColumnRef = z.infer<typeof columnRefSchema>;

/** Sheets of a workbook by 1-based position; all when absent. CSV/TSV files ignore it. */
export const sheetsSchema = z.array(z.number().int().positive()).max(1000).optional();

/** The default marker: one the checks read as a deliberately withheld cell. */
export const DEFAULT_MARKER = '[REDACTED]';

/** A marker must not read as a number (or the re-check would take it for a count) and fits on one line. */
export const markerSchema = z
  .string()
  .min(1)
  .max(32)
  .refine((m) => !/[\r\n]/.test(m), 'a marker is one line')
  .refine((m) => {
    const kind = readCell(m).kind;
    return kind !== 'count' && kind !== 'number';
  }, 'a marker must not read as a number');

/** The 0-based index of a column named by `ref` in `header`; refuses a name or position that is not there. */
export function resolveColumn(header: readonly string[], ref: ColumnRef): number {
  if (typeof ref === 'number') {
    if (ref > header.length) throw new RedactionError('redaction.invalid_parameters', `There is no column ${ref}: the table has ${header.length}`);
    return ref - 1;
  }
  const wanted = ref.trim().toLowerCase();
  const index = header.findIndex(
    (cell) =>
      cell
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase() === wanted,
  );
  if (index < 0) throw new RedactionError('redaction.invalid_parameters', 'No column has that header');
  return index;
}
