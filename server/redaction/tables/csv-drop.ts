/**
 * Dropping columns or rows of a CSV/TSV, streamed: a first look finds the header, then every
 * record is copied without the dropped cells (the delimiter before each goes with it) or without
 * the dropped rows (their line ends go with them).
 *
 * Example: dropping column `postcode` from `id,postcode,n` / `1,AB1 2CD,12` → `id,n` / `1,12`.
 */
import { RedactionError, type RedactionContext, type RedactionOutcome, type RedactionSource } from '../types';
import { ChangeList } from './change-list';
import { csvDialect, readCsv, rewriteCsv } from './csv-source';
import type { CsvRecord } from './csv-records';
import { headerIndex } from './header-row';
import { resolveColumn, type ColumnRef } from './table-options';
import type { RowPredicate } from './row-predicate';

/** The header row and its cells, from the first records only. */
async function findHeader(source: RedactionSource, ctx: RedactionContext, delimiter: Awaited<ReturnType<typeof csvDialect>>): Promise<{ index: number; cells: string[] }> {
  const held: string[][] = [];
  let index = -1;
  await readCsv(source, delimiter, ctx, false, (rec) => {
    held.push(rec.texts());
    index = headerIndex(held);
    return index < 0 && held.length < 50;
  });
  if (index < 0) throw new RedactionError('redaction.unparseable', 'No header row was found');
  return { index, cells: held[index]! };
}

export async function dropCsvColumns(source: RedactionSource, outPath: string, ctx: RedactionContext, refs: ColumnRef[]): Promise<RedactionOutcome> {
  const dialect = await csvDialect(source);
  const header = await findHeader(source, ctx, dialect);
  const dropped = new Set(refs.map((ref) => resolveColumn(header.cells, ref)));
  const changes = new ChangeList();
  for (const c of [...dropped].sort((a, b) => a - b)) changes.add({ column: c + 1 }, 'column removed');
  await rewriteCsv(source, dialect, outPath, ctx, (rec, writer) => {
    for (const c of dropped) {
      if (c < rec.count) {
        writer.keepCells(rec, (i) => !dropped.has(i), dialect.byte);
        return;
      }
    }
  });
  return changes.outcome('No column to remove');
}

export async function dropCsvRows(source: RedactionSource, outPath: string, ctx: RedactionContext, rows: number[], where: RowPredicate | undefined): Promise<RedactionOutcome> {
  const dialect = await csvDialect(source);
  const header = await findHeader(source, ctx, dialect);
  if (rows.includes(header.index)) throw new RedactionError('redaction.invalid_parameters', 'The header row cannot be removed: remove the file instead');
  const listed = new Set(rows);
  const column = where ? resolveColumn(header.cells, where.column) : -1;
  const changes = new ChangeList();
  const matches = (rec: CsvRecord) => rec.rowNo > header.index && where !== undefined && where.matches(rec.text(column));
  await rewriteCsv(source, dialect, outPath, ctx, (rec, writer) => {
    if (!listed.has(rec.rowNo) && !matches(rec)) return;
    writer.dropRecord(rec);
    changes.add({ row: rec.rowNo }, 'row removed');
  });
  return changes.outcome('No row matched');
}
