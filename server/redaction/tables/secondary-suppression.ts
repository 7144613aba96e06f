/**
 * Secondary suppression: after the small counts are withheld (primary suppression), withholds
 * more cells until none of the withheld cells can be worked out from what stays published and
 * the table's margins (table-relations.ts). A withheld cell is recoverable exactly when it is
 * determined by the equations `total = Σ parts` with the published cells moved to the known
 * side: when its unit vector lies in the row space of the equations over the withheld cells.
 * That covers subtraction from one total, and from any chain of totals (row, column and grand
 * totals combined). The test is exact: the equations are reduced to row echelon form, and a
 * withheld cell is determined when its reduced row names no other withheld cell.
 *
 * While a cell is determined, one more published cell is withheld in one of its equations,
 * chosen to lose least: an inner cell before a margin, a positive count before a zero (a sum of
 * withheld zeros would give them away by their signs), one whose other lines already hold a
 * withheld cell (closing a cycle), then the smallest. Withholding a cell never makes another
 * determined, so this ends.
 *
 * Protection is against exact recovery; the bounds a reader can still derive (a withheld cell
 * is at most its row total) are not widened.
 *
 * Example: a 2×2 table with row and column totals where one cell is small: three more inner
 * cells are withheld (the whole inner table), and every margin stays published.
 */
import type { Equation } from './table-relations';

const EPS = 1e-9;

/** The withheld cells (keys) that the equations determine. */
export function determinedCells(equations: readonly Equation[], withheld: (key: number) => boolean): number[] {
  const index = new Map<number, number>();
  const keys: number[] = [];
  const rows: Map<number, number>[] = [];
  for (const eq of equations) {
    const row = new Map<number, number>();
    const add = (key: number, coef: number) => {
      if (!withheld(key)) return;
      let j = index.get(key);
      if (j === undefined) {
        j = keys.length;
        index.set(key, j);
        keys.push(key);
      }
      const v = (row.get(j) ?? 0) + coef;
      if (Math.abs(v) < EPS) row.delete(j);
      else row.set(j, v);
    };
    add(eq.total, -1);
    for (const p of eq.parts) add(p, 1);
    if (row.size > 0) rows.push(row);
  }
  // Reduced row echelon form: every pivot column cleared from every other row.
  const byColumn = new Map<number, Set<number>>();
  rows.forEach((row, r) => {
    for (const j of row.keys()) {
      let set = byColumn.get(j);
      if (!set) byColumn.set(j, (set = new Set()));
      set.add(r);
    }
  });
  const pivotRows: number[] = [];
  const used = new Set<number>();
  for (let j = 0; j < keys.length; j++) {
    const holders = byColumn.get(j);
    if (!holders) continue;
    let pivot = -1;
    for (const r of holders) if (!used.has(r) && (pivot < 0 || rows[r]!.size < rows[pivot]!.size)) pivot = r;
    if (pivot < 0) continue;
    used.add(pivot);
    pivotRows.push(pivot);
    const prow = rows[pivot]!;
    const scale = prow.get(j)!;
    for (const [k, v] of prow) prow.set(k, v / scale);
    for (const r of [...holders]) {
      if (r === pivot) continue;
      const row = rows[r]!;
      const f = row.get(j)!;
      for (const [k, v] of prow) {
        const nv = (row.get(k) ?? 0) - f * v;
        let set = byColumn.get(k);
        if (!set) byColumn.set(k, (set = new Set()));
        if (Math.abs(nv) < EPS) {
          row.delete(k);
          set.delete(r);
        } else {
          row.set(k, nv);
          set.add(r);
        }
      }
    }
  }
  const out: number[] = [];
  for (const r of pivotRows) {
    const row = rows[r]!;
    if (row.size === 1) out.push(keys[row.keys().next().value!]!);
  }
  return out;
}

export interface ProtectionInput {
  equations: readonly Equation[];
  /** Cells withheld before secondary suppression: the primary ones and any already withheld in the file. */
  withheld: Set<number>;
  /** The count in a cell (NaN when it is no count: such a cell is never chosen). */
  valueOf(key: number): number;
  /** True for a margin cell (a total): chosen only when no inner cell will do. */
  isMargin(key: number): boolean;
}

export interface Protection {
  /** The cells withheld by secondary suppression. */
  secondary: Set<number>;
  /** Withheld cells still determined because no published cell was left to withhold next to them (normally none). */
  unprotected: number[];
}

/** Adds secondary suppressions to `input.withheld` (in place) until no withheld cell is determined. */
export function protectWithheld(input: ProtectionInput, signal?: AbortSignal): Protection {
  const { equations, withheld, valueOf, isMargin } = input;
  const secondary = new Set<number>();
  const byCell = new Map<number, Equation[]>();
  for (const eq of equations) {
    for (const key of [eq.total, ...eq.parts]) {
      const list = byCell.get(key);
      if (list) list.push(eq);
      else byCell.set(key, [eq]);
    }
  }
  const isWithheld = (key: number) => withheld.has(key);
  const cellsOf = (eq: Equation) => [eq.total, ...eq.parts];
  /** Lower is better: inner before margin, positive before zero, closing a cycle first, then smallest. */
  const cost = (key: number, via: Equation): number => {
    const value = valueOf(key);
    const closes = (byCell.get(key) ?? []).some((eq) => eq !== via && cellsOf(eq).some(isWithheld));
    return (isMargin(key) ? 4e15 : 0) + (value === 0 ? 2e15 : 0) + (closes ? 0 : 1e15) + value;
  };
  for (;;) {
    if (signal?.aborted) throw new Error('aborted');
    const determined = determinedCells(equations, isWithheld);
    if (determined.length === 0) return { secondary, unprotected: [] };
    const touched = new Set<Equation>();
    let added = 0;
    for (const key of determined) {
      const eqs = byCell.get(key) ?? [];
      // A cell whose equations just got a new withheld cell waits for the next round.
      if (eqs.some((eq) => touched.has(eq))) continue;
      let best = -1;
      let bestCost = Infinity;
      let bestVia: Equation | undefined;
      for (const eq of eqs) {
        for (const cell of cellsOf(eq)) {
          if (withheld.has(cell) || Number.isNaN(valueOf(cell))) continue;
          const c = cost(cell, eq);
          if (c < bestCost) {
            best = cell;
            bestCost = c;
            bestVia = eq;
          }
        }
      }
      if (best < 0 || !bestVia) continue;
      withheld.add(best);
      secondary.add(best);
      added++;
      for (const eq of byCell.get(best) ?? []) touched.add(eq);
    }
    if (added === 0) return { secondary, unprotected: determined };
  }
}
