/**
 * `tables.drop_rows`: removes rows by their number (as the checks number them: the header is
 * row 0 of a CSV with no title rows, as in findings' locations), or those whose value in a column
 * equals one of a list or is a count below a number. The header row is never removed.
 *
 * Example: `{ rows: [4, 7] }`; `{ where: { column: 'region', equals: ['Isles of Scilly'] } }`.
 */
import { z } from 'zod';
import type { RedactionOperation } from '../types';
import { dropCsvRows } from './csv-drop';
import { isCsvSource } from './csv-source';
import { rowPredicate, rowPredicateSchema } from './row-predicate';
import { isTableFile } from './table-formats';
import { sheetsSchema } from './table-options';
import { isOdsSource } from './ods-package';
import { dropOdsRows } from './ods-tables';
import { dropXlsxRows } from './xlsx-tables';

export const dropRowsParameters = z
  .object({
    rows: z.array(z.number().int().nonnegative()).max(1_000_000).default([]),
    where: rowPredicateSchema.optional(),
    sheets: sheetsSchema,
  })
  .strict()
  .refine((p) => p.rows.length > 0 || p.where !== undefined, 'give rows, where, or both');
export type DropRowsParameters = z.infer<typeof dropRowsParameters>;

export const dropRowsOperation: RedactionOperation<DropRowsParameters> = {
  id: 'tables.drop_rows',
  family: 'tables',
  title: 'Remove rows',
  description: 'Removes rows by number, or those whose value in a column matches.',
  parameters: dropRowsParameters,
  supports: isTableFile,
  async apply(source, params, outPath, ctx) {
    const where = params.where ? rowPredicate(params.where) : undefined;
    const rows = params.rows ?? [];
    if (isCsvSource(source)) return dropCsvRows(source, outPath, ctx, rows, where);
    if (isOdsSource(source)) return dropOdsRows(source, outPath, ctx, rows, where, params.sheets);
    return dropXlsxRows(source, outPath, ctx, rows, where, params.sheets);
  },
};
