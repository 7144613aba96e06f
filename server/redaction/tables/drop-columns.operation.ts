/**
 * `tables.drop_columns`: removes columns named by their header (trimmed, case-insensitive) or
 * their 1-based position, from every row (title rows included, by position).
 *
 * Example: `{ columns: ['postcode', 5] }`.
 */
import { z } from 'zod';
import type { RedactionOperation } from '../types';
import { dropCsvColumns } from './csv-drop';
import { isCsvSource } from './csv-source';
import { isTableFile } from './table-formats';
import { columnRefSchema, sheetsSchema } from './table-options';
import { isOdsSource } from './ods-package';
import { dropOdsColumns } from './ods-tables';
import { dropXlsxColumns } from './xlsx-tables';

export const dropColumnsParameters = z
  .object({
    columns: z.array(columnRefSchema).min(1).max(10_000),
    sheets: sheetsSchema,
  })
  .strict();
export type DropColumnsParameters = z.infer<typeof dropColumnsParameters>;

export const dropColumnsOperation: RedactionOperation<DropColumnsParameters> = {
  id: 'tables.drop_columns',
  family: 'tables',
  title: 'Remove columns',
  description: 'Removes the columns named by header or position.',
  parameters: dropColumnsParameters,
  supports: isTableFile,
  async apply(source, params, outPath, ctx) {
    if (isCsvSource(source)) return dropCsvColumns(source, outPath, ctx, params.columns);
    if (isOdsSource(source)) return dropOdsColumns(source, outPath, ctx, params.columns, params.sheets);
    return dropXlsxColumns(source, outPath, ctx, params.columns, params.sheets);
  },
};
