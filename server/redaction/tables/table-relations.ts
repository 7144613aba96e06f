/**
 * Finds the margins of a table of counts, the relations a reader could subtract with: a total
 * column (a row's cells add up to it) and a total row (a column's cells add up to it), found by
 * their labels (`Total`, `All`, `Overall`, `Sum`: the checks' own words) and by arithmetic (a
 * column equal, in every row where it can be checked, to the sum of the other count columns or
 * of the run of count columns just left of it; a row likewise equal to the sum of the other
 * rows or of the run of rows just above it). Each relation becomes one equation per line:
 * `total = part + part + …`, over cell keys `row * width + column`.
 *
 * Example: rows North 3 9 12 / South 8 10 18 / Total 11 19 30 under `region,a,b,total` give the
 * column relation total = a + b (rows 0, 1, 2) and the row relation Total = North + South
 * (columns 1, 2, 3): six equations.
 */
import { headerWords, isMarginHeader } from '../../checks/shared/header-words';
import { isTotalLabel } from '../../checks/shared/table-cells';

/** `total = Σ parts`, over cell keys. */
export interface Equation {
  total: number;
  parts: number[];
}

/** A table's counts: `values[r][c]` is a count, NaN when the cell is no count, or -1 when it was already withheld. */
export interface CountGrid {
  values: Float64Array[];
  width: number;
  /** The text of each data row's first cell (its label). */
  labels: string[];
  /** The header's cells. */
  header: string[];
  /** Columns that hold counts (the checks' count columns and any total column). */
  countColumns: number[];
}

export const WITHHELD = -1;

/** A relation over columns (in each row) or over rows (in each column). */
interface Relation {
  total: number;
  parts: number[];
  /** Found by label: applies wherever it cannot be disproved. */
  labelled: boolean;
}

const isCount = (v: number | undefined): v is number => v !== undefined && v >= 0;

/** Whether `total = Σ parts` in a line: true, false, or null when a cell is no count. */
function holds(get: (i: number) => number | undefined, total: number, parts: number[]): boolean | null {
  const t = get(total);
  if (!isCount(t)) return null;
  let sum = 0;
  for (const p of parts) {
    const v = get(p);
    if (!isCount(v)) return null;
    sum += v;
  }
  return sum === t;
}

/** Whether a candidate relation holds in every line where it can be checked, and in at least `min` lines, one with a positive total. */
function holdsThroughout(lines: number, get: (line: number, i: number) => number | undefined, total: number, parts: number[], min: number): boolean {
  if (parts.length === 0) return false;
  let checked = 0;
  let positive = false;
  for (let line = 0; line < lines; line++) {
    const ok = holds((i) => get(line, i), total, parts);
    if (ok === false) return false;
    if (ok) {
      checked++;
      if (get(line, total)! > 0) positive = true;
    }
  }
  return checked >= min && positive;
}

/** The run of members just before `at` in `members` (sorted), back to the last of `stops`, or to a gap when `contiguous`. */
function runBefore(members: number[], at: number, stops: Set<number>, contiguous: boolean): number[] {
  const run: number[] = [];
  const k = members.indexOf(at);
  for (let j = k - 1; j >= 0; j--) {
    const m = members[j]!;
    if (stops.has(m)) break;
    if (contiguous && (run.length > 0 ? run[run.length - 1]! - m : at - m) !== 1) break;
    run.push(m);
  }
  return run.reverse();
}

/** Finds total relations among `members` (columns, or rows) from their labels and their arithmetic. */
function findRelations(members: number[], labelled: (m: number) => boolean, lines: number, get: (line: number, m: number) => number | undefined, contiguous: boolean): Relation[] {
  const relations: Relation[] = [];
  const totals = new Set<number>();
  for (const m of members) if (labelled(m)) totals.add(m);
  for (const m of members) {
    const isLabelled = totals.has(m);
    const run = runBefore(members, m, totals, contiguous);
    const others = members.filter((o) => o !== m && !totals.has(o));
    const min = isLabelled ? 1 : 2;
    let parts: number[] | undefined;
    if (run.length >= (isLabelled ? 1 : 2) && holdsThroughout(lines, get, m, run, min)) parts = run;
    else if (others.length >= (isLabelled ? 1 : 2) && holdsThroughout(lines, get, m, others, min)) parts = others;
    else if (isLabelled) parts = run.length > 0 ? run : others;
    if (!parts || parts.length === 0) continue;
    totals.add(m);
    relations.push({ total: m, parts, labelled: isLabelled });
  }
  return relations;
}

/** The total columns of a grid (relations in each row). */
export function columnRelations(grid: CountGrid, rows: number[] = grid.values.map((_, r) => r)): Relation[] {
  const words = grid.header.map(headerWords);
  return findRelations(
    grid.countColumns,
    (c) => c > 0 && isMarginHeader(words[c] ?? []),
    rows.length,
    (line, c) => grid.values[rows[line]!]![c],
    true,
  );
}

/** The total rows of a grid (relations in each count column). */
export function rowRelations(grid: CountGrid): Relation[] {
  const rows = grid.values.map((_, r) => r);
  const columns = grid.countColumns;
  return findRelations(
    rows,
    (r) => isTotalLabel(grid.labels[r] ?? ''),
    columns.length,
    (line, r) => grid.values[r]![columns[line]!],
    false,
  );
}

/** Equations of column relations in one row, where they cannot be disproved by the row's own cells. */
export function rowEquations(values: Float64Array, r: number, width: number, relations: Relation[]): Equation[] {
  const out: Equation[] = [];
  for (const rel of relations) {
    if (holds((c) => values[c], rel.total, rel.parts) === false) continue;
    out.push({ total: r * width + rel.total, parts: rel.parts.map((c) => r * width + c) });
  }
  return out;
}

/** Every equation of a grid: its total columns in each row, its total rows in each count column. */
export function gridEquations(grid: CountGrid): Equation[] {
  const { width, values } = grid;
  const out: Equation[] = [];
  const byColumn = columnRelations(grid);
  values.forEach((row, r) => out.push(...rowEquations(row, r, width, byColumn)));
  for (const rel of rowRelations(grid)) {
    for (const c of grid.countColumns) {
      if (holds((r) => values[r]![c], rel.total, rel.parts) === false) continue;
      out.push({ total: rel.total * width + c, parts: rel.parts.map((r) => r * width + c) });
    }
  }
  return out;
}

/** True when a data row is a total row by its label (streamed tables, where rows are not held). */
export { isTotalLabel };
