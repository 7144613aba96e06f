/**
 * Which record of a table is its header, decided as the checks decide it (server/checks/shared/
 * table-rows.ts): the first record with two or more filled cells, past any title rows.
 *
 * Example: [['Deaths by region'], ['region', 'n'], ['North', '12']] → 1.
 */
import { TableRow } from '../../checks/engine/table-row';
import { TableRows } from '../../checks/shared/table-rows';

/** The index of the header among `records` (its first few records suffice), or -1 when none is found. */
export function headerIndex(records: readonly (readonly string[])[]): number {
  if (records.length === 0) return -1;
  const shape = new TableRows();
  if (shape.header([...records[0]!])) return 0;
  for (let i = 1; i < records.length; i++) {
    const outcome = shape.row(TableRow.of(records[i]!));
    if (outcome.header) return outcome.cells ? i - 1 : i;
  }
  return -1;
}
