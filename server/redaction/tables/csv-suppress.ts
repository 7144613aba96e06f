/**
 * Small-count suppression of a CSV/TSV, in two passes. The reading pass runs the checks' table
 * reader for the count columns and holds the first WHOLE_TABLE_ROWS data rows. A table that fits
 * is planned whole (primary and secondary suppression over row totals, column totals and grand
 * totals). A longer one is planned row by row against its total columns, which is exact only
 * when no row adds up other rows: such a table (a row labelled Total, or one equal to the sum of
 * the rows above it) is refused as too large.
 *
 * Example: `region,a,b,total` / `North,3,9,12` / … → `region,a,b,total` / `North,[REDACTED],[REDACTED],12` / ….
 */
import { isTotalLabel } from '../../checks/shared/table-cells';
import { RedactionError, type RedactionContext, type RedactionOutcome, type RedactionSource } from '../types';
import { ChangeList } from './change-list';
import type { CsvRecord } from './csv-records';
import { cellBytes, csvDialect, readCsv, rewriteCsv } from './csv-source';
import { headerIndex } from './header-row';
import { countOf, modelColumns, planTableSuppression, RowSuppressor, type PlannedCell, type SuppressionRule } from './suppression-plan';

/** Data rows a table may have to be planned whole. */
export const WHOLE_TABLE_ROWS = 2000;
/** Records held while the header is looked for. */
const HEADER_SEARCH = 50;

/** Cell text of a record: the fast integer path first, as the checks' reader does. */
function recordCount(rec: CsvRecord, c: number): number {
  if (c >= rec.count) return NaN;
  const plain = rec.integer(c);
  if (plain >= 0) return plain;
  if (rec.starts[c] === rec.ends[c]) return NaN;
  return countOf(rec.text(c));
}

/** What the total-row watch reads of a row: a record, or a held row. */
interface RowCells {
  count: number;
  text(i: number): string;
  integer(i: number): number;
}

/** Watches a long table's rows for total rows: by label, or equal to the sum of the rows above. */
class TotalRowWatch {
  found = 0;
  private sums = new Float64Array(0);
  private rows = 0;

  see(rec: RowCells): void {
    if (isTotalLabel(rec.text(0))) this.found++;
    if (this.sums.length < rec.count) {
      const wider = new Float64Array(rec.count);
      wider.set(this.sums);
      this.sums = wider;
    }
    let compared = 0;
    let equal = true;
    let positive = false;
    for (let c = 1; c < rec.count; c++) {
      const v = rec.integer(c);
      if (v < 0) continue;
      compared++;
      if (v !== this.sums[c]) equal = false;
      if (v > 0) positive = true;
      this.sums[c] = this.sums[c]! + v;
    }
    if (this.rows >= 2 && compared > 0 && equal && positive) this.found++;
    this.rows++;
  }
}

export async function suppressCsv(source: RedactionSource, outPath: string, ctx: RedactionContext, rule: SuppressionRule, marker: string): Promise<RedactionOutcome> {
  const dialect = await csvDialect(source);
  const held: string[][] = [];
  let header = -1;
  let long = false;
  const totals = new TotalRowWatch();
  const reading = await readCsv(source, dialect, ctx, true, (rec) => {
    if (header < 0) {
      held.push(rec.texts());
      if (held.length <= HEADER_SEARCH) header = headerIndex(held);
      else throw new RedactionError('redaction.unparseable', 'No header row was found');
      if (header >= 0 && held.length > header + 1) for (let r = header + 1; r < held.length; r++) totals.see(rowOf(held[r]!));
      return;
    }
    if (!long && held.length <= header + 1 + WHOLE_TABLE_ROWS) held.push(rec.texts());
    else if (!long) long = true;
    totals.see(rec);
  });
  if (header < 0) header = headerIndex(held);
  if (header < 0) throw new RedactionError('redaction.unparseable', 'No header row was found');
  const counts = reading.counts!;
  const changes = new ChangeList();
  const markerBytes = (quoted: boolean) => cellBytes(marker, quoted, dialect.delimiter);
  const note = (row: number, column: number, kind: PlannedCell['kind']) => changes.add({ row, column: column + 1 }, `suppressed (${kind})`);

  if (!long) {
    const plan = planTableSuppression(held, header, counts, rule, ctx.signal);
    if (plan.cells.length === 0) return changes.outcome('No count in the table is below the threshold');
    const byRow = new Map<number, PlannedCell[]>();
    for (const cell of plan.cells) byRow.set(cell.row, [...(byRow.get(cell.row) ?? []), cell]);
    await rewriteCsv(source, dialect, outPath, ctx, (rec, writer) => {
      for (const cell of byRow.get(rec.rowNo) ?? []) {
        writer.replaceCell(rec, cell.column, markerBytes(rec.quoted[cell.column]!));
        note(rec.rowNo, cell.column, cell.kind);
      }
    });
    if (plan.unprotected > 0) changes.notes.push(`${plan.unprotected} withheld cells could still be worked out from the margins: withhold more by hand or remove the margins`);
    return changes.outcome('No count in the table is below the threshold');
  }

  if (totals.found > 0) {
    throw new RedactionError(
      'redaction.too_large',
      `The table has more than ${WHOLE_TABLE_ROWS} rows and rows that add up others (totals): secondary suppression across its rows needs it whole. Split it, or remove the total rows first`,
    );
  }
  const { model, primary } = modelColumns(held, header, counts);
  const rows = new RowSuppressor(held, header, model, primary, rule);
  await rewriteCsv(source, dialect, outPath, ctx, (rec, writer) => {
    if (rec.rowNo <= header) return;
    for (const cell of rows.plan((c) => recordCount(rec, c))) {
      writer.replaceCell(rec, cell.column, markerBytes(rec.quoted[cell.column]!));
      note(rec.rowNo, cell.column, cell.kind);
    }
  });
  changes.notes.push(`The table has more than ${WHOLE_TABLE_ROWS} rows: secondary suppression was applied row by row, against its total columns`);
  return changes.outcome('No count in the table is below the threshold');
}

/** A held row, for the total-row watch. */
function rowOf(cells: string[]): RowCells {
  return { count: cells.length, text: (i) => cells[i] ?? '', integer: (i) => (/^\d{1,15}$/.test(cells[i] ?? '') ? Number(cells[i]) : -1) };
}
