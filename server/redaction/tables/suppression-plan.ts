/**
 * Plans small-count suppression for one table held as records (a sheet, or a CSV that fits the
 * whole-table limit): the primary cells (counts below the threshold in the checks' count
 * columns), then the secondary cells that stop recovery through the table's margins.
 *
 * Example: under a threshold of 10, `region,a,b,total` / `North,3,9,12` / `South,8,10,18` /
 * `Total,11,19,30` → primary (1,1) and (2,1) [3 and 8]; secondary (1,2) and (2,2) [9 and 10], so
 * that neither row total nor the Total row gives a withheld cell away.
 */
import { readCell } from '../../checks/shared/table-cells';
import type { CountColumns } from './count-columns';
import { protectWithheld } from './secondary-suppression';
import { columnRelations, gridEquations, rowEquations, WITHHELD, type CountGrid } from './table-relations';

export interface SuppressionRule {
  /** Counts from 1 to threshold − 1 are withheld. */
  threshold: number;
  /** Whether zero counts are withheld too. */
  zeros: boolean;
}

/** A planned change: `row` is the record index (as the checks number rows), `column` 0-based. */
export interface PlannedCell {
  row: number;
  column: number;
  kind: 'primary' | 'secondary';
}

export interface SuppressionPlan {
  cells: PlannedCell[];
  /** Withheld cells that stay recoverable because nothing was left to withhold beside them. */
  unprotected: number;
}

/** A cell as a count (its value), a withheld cell (WITHHELD), or NaN. */
export function countOf(text: string): number {
  const cell = readCell(text);
  if (cell.kind === 'count') return cell.value;
  return cell.kind === 'suppressed' && cell.strict ? WITHHELD : NaN;
}

export function isPrimary(value: number, rule: SuppressionRule): boolean {
  return value >= 0 && value < rule.threshold && (value > 0 || rule.zeros);
}

/** The columns to model: the count columns, or every whole-number column when the probe was capped. */
export function modelColumns(records: readonly (readonly string[])[], header: number, counts: CountColumns): { model: number[]; primary: Set<number> } {
  const width = records.reduce((w, r) => Math.max(w, r.length), 0);
  const whole: number[] = [];
  for (let c = 0; c < width; c++) {
    let numbers = 0;
    let other = 0;
    for (let r = header + 1; r < records.length; r++) {
      const v = countOf(records[r]![c] ?? '');
      if (v >= 0) numbers++;
      else if (Number.isNaN(v) && (records[r]![c] ?? '').trim() !== '') other++;
    }
    if (numbers > 0 && other === 0) whole.push(c);
  }
  const primary = counts.capped ? new Set(whole.filter((c) => c > 0 || counts.columns.has(c))) : counts.columns;
  const model = [...new Set([...primary, ...whole.filter((c) => c > 0 || primary.has(c))])].sort((a, b) => a - b);
  return { model, primary };
}

/** The grid of a table's data rows over `columns`. */
export function countGrid(records: readonly (readonly string[])[], header: number, columns: number[]): CountGrid {
  const width = records.reduce((w, r) => Math.max(w, r.length), 0);
  const values: Float64Array[] = [];
  const labels: string[] = [];
  for (let r = header + 1; r < records.length; r++) {
    const row = new Float64Array(width).fill(NaN);
    for (const c of columns) row[c] = countOf(records[r]![c] ?? '');
    values.push(row);
    labels.push(records[r]![0] ?? '');
  }
  return { values, width, labels, header: [...(records[header] ?? [])], countColumns: columns };
}

/** Plans suppression over a whole table. */
export function planTableSuppression(records: readonly (readonly string[])[], header: number, counts: CountColumns, rule: SuppressionRule, signal?: AbortSignal): SuppressionPlan {
  const { model, primary: primaryColumns } = modelColumns(records, header, counts);
  const grid = countGrid(records, header, model);
  const withheld = new Set<number>();
  const primary: number[] = [];
  grid.values.forEach((row, r) => {
    for (const c of model) {
      const v = row[c]!;
      if (v === WITHHELD) withheld.add(r * grid.width + c);
      else if (primaryColumns.has(c) && isPrimary(v, rule)) {
        withheld.add(r * grid.width + c);
        primary.push(r * grid.width + c);
      }
    }
  });
  if (primary.length === 0) return { cells: [], unprotected: 0 };
  const equations = gridEquations(grid);
  const margins = new Set(equations.map((eq) => eq.total));
  const valueOf = (key: number) => grid.values[Math.floor(key / grid.width)]![key % grid.width]!;
  const result = protectWithheld({ equations, withheld, valueOf, isMargin: (key) => margins.has(key) }, signal);
  const at = (key: number, kind: PlannedCell['kind']): PlannedCell => ({ row: header + 1 + Math.floor(key / grid.width), column: key % grid.width, kind });
  const cells = [...primary.map((k) => at(k, 'primary')), ...[...result.secondary].map((k) => at(k, 'secondary'))].sort((a, b) => a.row - b.row || a.column - b.column);
  return { cells, unprotected: result.unprotected.length };
}

/**
 * Suppression for a table too long to hold: each row on its own, with the relations of its total
 * columns (found on the first rows held, `sample`). Rows' systems are independent when the table
 * has no total row, which the caller makes sure of.
 */
export class RowSuppressor {
  private readonly relations;
  private readonly row: Float64Array;

  constructor(
    sample: readonly (readonly string[])[],
    header: number,
    private readonly model: number[],
    private readonly primaryColumns: Set<number>,
    private readonly rule: SuppressionRule,
  ) {
    const grid = countGrid(sample, header, model);
    this.relations = columnRelations(grid);
    this.row = new Float64Array(grid.width).fill(NaN);
  }

  /** The cells of one row to withhold (`count(c)` reads column c as countOf does), in column order. */
  plan(count: (c: number) => number): { column: number; kind: PlannedCell['kind'] }[] {
    const row = this.row;
    const withheld = new Set<number>();
    const primary: number[] = [];
    for (const c of this.model) {
      if (c >= row.length) continue;
      const v = count(c);
      row[c] = v;
      if (v === WITHHELD) withheld.add(c);
      else if (this.primaryColumns.has(c) && isPrimary(v, this.rule)) {
        withheld.add(c);
        primary.push(c);
      }
    }
    if (primary.length === 0) return [];
    const equations = rowEquations(row, 0, row.length, this.relations);
    const margins = new Set(equations.map((eq) => eq.total));
    const result = protectWithheld({ equations, withheld, valueOf: (c) => row[c]!, isMargin: (c) => margins.has(c) });
    return [...primary.map((column) => ({ column, kind: 'primary' as const })), ...[...result.secondary].map((column) => ({ column, kind: 'secondary' as const }))].sort((a, b) => a.column - b.column);
  }
}
