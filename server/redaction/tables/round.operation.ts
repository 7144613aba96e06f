/**
 * `tables.round`: rounds every count in the columns the checks take for counts, to the nearest
 * multiple of `base` (the preset's rounding base when absent, else 5), or by OpenSAFELY's
 * midpoint-6 rule (`method: 'midpoint6'`; rounding.ts defines both).
 *
 * Example: `{ method: 'nearest', base: 5 }`: 12 → 10, 13 → 15; `{ method: 'midpoint6' }`: 12 → 9.
 */
import { z } from 'zod';
import type { RedactionOperation } from '../types';
import { isCsvSource } from './csv-source';
import { roundCsv } from './csv-round';
import type { Rounding } from './rounding';
import { isTableFile } from './table-formats';
import { sheetsSchema } from './table-options';
import { isOdsSource } from './ods-package';
import { roundOds } from './ods-tables';
import { roundXlsx } from './xlsx-tables';

export const roundParameters = z
  .object({
    method: z.enum(['nearest', 'midpoint6']).default('nearest'),
    base: z.number().int().min(2).max(1_000_000).optional(),
    sheets: sheetsSchema,
  })
  .strict()
  .refine((p) => p.method === 'nearest' || p.base === undefined, 'midpoint6 takes no base');
export type RoundParameters = z.infer<typeof roundParameters>;

export const roundOperation: RedactionOperation<RoundParameters> = {
  id: 'tables.round',
  family: 'tables',
  title: 'Round counts',
  description: 'Rounds every count to the nearest multiple of a base (the preset’s, or 5), or by midpoint-6 rounding.',
  parameters: roundParameters,
  supports: isTableFile,
  async apply(source, params, outPath, ctx) {
    const rule: Rounding = params.method === 'midpoint6' ? { method: 'midpoint6' } : { method: 'nearest', base: params.base ?? (ctx.parameters.roundingBase > 1 ? ctx.parameters.roundingBase : 5) };
    if (isCsvSource(source)) return roundCsv(source, outPath, ctx, rule);
    if (isOdsSource(source)) return roundOds(source, outPath, ctx, rule, params.sheets);
    return roundXlsx(source, outPath, ctx, rule, params.sheets);
  },
};
