/**
 * Rounding the counts of a CSV/TSV, streamed: the reading pass finds the count columns with the
 * checks' own table reader (and the header), the writing pass rewrites each count cell whose
 * rounded value differs. Rows above the header (titles) are left as they are.
 *
 * Example: base 5: `region,n` / `North,12` → `region,n` / `North,10`.
 */
import { RedactionError, type RedactionContext, type RedactionOutcome, type RedactionSource } from '../types';
import { ChangeList } from './change-list';
import { cellBytes, csvDialect, readCsv, rewriteCsv } from './csv-source';
import { headerIndex } from './header-row';
import { roundCount, type Rounding } from './rounding';
import { countOf, modelColumns } from './suppression-plan';

/** Data rows held to decide the whole-number columns when the probe lists too many count columns. */
const SAMPLE_ROWS = 2000;

export async function roundCsv(source: RedactionSource, outPath: string, ctx: RedactionContext, rule: Rounding): Promise<RedactionOutcome> {
  const dialect = await csvDialect(source);
  const held: string[][] = [];
  let header = -1;
  const reading = await readCsv(source, dialect, ctx, true, (rec) => {
    if (header < 0 || held.length <= header + SAMPLE_ROWS) held.push(rec.texts());
    if (header < 0) header = headerIndex(held);
  });
  if (header < 0) throw new RedactionError('redaction.unparseable', 'No header row was found');
  const { primary } = modelColumns(held, header, reading.counts!);
  const columns = [...primary].sort((a, b) => a - b);
  const changes = new ChangeList();
  const label = rule.method === 'midpoint6' ? 'rounded (midpoint 6)' : `rounded to base ${rule.base}`;
  await rewriteCsv(source, dialect, outPath, ctx, (rec, writer) => {
    if (rec.rowNo <= header) return;
    for (const c of columns) {
      if (c >= rec.count) break;
      let value = rec.integer(c);
      if (value < 0) {
        if (rec.starts[c] === rec.ends[c]) continue;
        value = countOf(rec.text(c));
        if (!(value >= 0)) continue;
      }
      const rounded = roundCount(value, rule);
      if (rounded === value) continue;
      writer.replaceCell(rec, c, cellBytes(String(rounded), rec.quoted[c]!, dialect.delimiter));
      changes.add({ row: rec.rowNo, column: c + 1 }, label);
    }
  });
  return changes.outcome('Every count is already rounded');
}
