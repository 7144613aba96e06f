/**
 * `tables.suppress`: withholds the counts below the preset's minimum cell count (or `threshold`)
 * in the columns the checks take for counts, with `marker`, and then enough other cells that no
 * withheld cell can be worked out from row totals, column totals or grand totals
 * (secondary-suppression.ts). Zeros are withheld too when the preset calls them disclosive
 * (or `zeros`).
 *
 * Example: `{ threshold: 10, marker: '[REDACTED]' }` on `region,n,total`… → primary and
 * secondary cells read `[REDACTED]`; the outcome lists `{ location: { row: 2, column: 2 }, change: 'suppressed (primary)' }`.
 */
import { z } from 'zod';
import type { RedactionOperation } from '../types';
import { suppressCsv } from './csv-suppress';
import { isCsvSource } from './csv-source';
import { isTableFile } from './table-formats';
import { DEFAULT_MARKER, markerSchema, sheetsSchema } from './table-options';
import { isOdsSource } from './ods-package';
import { suppressOds } from './ods-tables';
import { suppressXlsx } from './xlsx-tables';

export const suppressParameters = z
  .object({
    /** Counts below this are withheld; the preset's minimum cell count when absent. */
    threshold: z.number().int().min(1).max(1_000_000_000).optional(),
    marker: markerSchema.default(DEFAULT_MARKER),
    /** Whether zeros are withheld too; the preset's `zerosDisclosive` when absent. */
    zeros: z.boolean().optional(),
    sheets: sheetsSchema,
  })
  .strict();
export type SuppressParameters = z.infer<typeof suppressParameters>;

export const suppressOperation: RedactionOperation<SuppressParameters> = {
  id: 'tables.suppress',
  family: 'tables',
  title: 'Suppress small counts',
  description: 'Replaces counts below the minimum cell count with a marker, and withholds enough other cells that none can be recovered from the totals.',
  parameters: suppressParameters,
  supports: isTableFile,
  async apply(source, params, outPath, ctx) {
    const rule = { threshold: params.threshold ?? ctx.parameters.minCellCount, zeros: params.zeros ?? ctx.parameters.zerosDisclosive };
    const marker = params.marker ?? DEFAULT_MARKER;
    if (isCsvSource(source)) return suppressCsv(source, outPath, ctx, rule, marker);
    if (isOdsSource(source)) return suppressOds(source, outPath, ctx, rule, marker, params.sheets);
    return suppressXlsx(source, outPath, ctx, rule, marker, params.sheets);
  },
};
