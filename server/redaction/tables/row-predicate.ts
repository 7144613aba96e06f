/**
 * Which rows `tables.drop_rows` removes by their content: a column's value equal to one of a
 * list (trimmed, case-insensitive), or a count in it below a number.
 *
 * Example: `{ column: 'region', equals: ['Isles of Scilly'] }`; `{ column: 'n', below: 10 }`.
 */
import { z } from 'zod';
import { readCell } from '../../checks/shared/table-cells';
import { columnRefSchema, type ColumnRef } from './table-options';

export const rowPredicateSchema = z
  .object({
    column: columnRefSchema,
    equals: z.array(z.string().max(1000)).min(1).max(10_000).optional(),
    below: z.number().optional(),
  })
  .strict()
  .refine((p) => (p.equals === undefined) !== (p.below === undefined), 'give either equals or below');

export interface RowPredicate {
  column: ColumnRef;
  matches(value: string): boolean;
}

export function rowPredicate(p: z.infer<typeof rowPredicateSchema>): RowPredicate {
  const wanted = new Set((p.equals ?? []).map((v) => v.trim().toLowerCase()));
  return {
    column: p.column,
    matches: (value) => {
      if (p.below !== undefined) {
        const cell = readCell(value);
        return cell.kind === 'count' && cell.value < p.below;
      }
      return wanted.has(value.trim().toLowerCase());
    },
  };
}
