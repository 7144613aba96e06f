/**
 * Counts rows per combination of quasi-identifier values (the equivalence classes of
 * k-anonymity) in bounded memory and time. Each combination is reduced to a 64-bit hash (two
 * independent 32-bit FNV-1a hashes, so two different combinations practically never merge) and
 * counted in an open-addressing table of typed arrays: no string or object per row, which keeps
 * tables of millions of rows cheap. Up to CLASS_CAP combinations are counted exactly; rows whose
 * combination is first seen after that are only counted as "untracked", so the smallest class
 * found is then an upper bound on the true smallest class (there may be smaller ones).
 *
 * Example: rows (34, male), (34, Male), (45, female) → smallest class k=1, 2 classes, complete
 * (letters are compared without regard to ASCII case).
 */

import type { TableRow } from '../../engine/table-row';

/** Combinations remembered per table. */
export const CLASS_CAP = 50_000;
/** Slots at most: a power of two above twice the cap, so probing stays short. */
const MAX_SLOTS = 1 << 17;
const FIRST_SLOTS = 1 << 10;

/** The smallest class and how sure that figure is. */
export interface SmallestClass {
  /** Size of the smallest class counted. */
  k: number;
  /** Data row number of the first row of that class. */
  firstRow: number;
  /** Classes counted. */
  classes: number;
  /** Classes of size below the threshold given to `smallest`. */
  below: number;
  /** False when some combinations were not counted (more than CLASS_CAP). */
  complete: boolean;
  /** True when every counted row is alone in its class (and all were counted). */
  allUnique: boolean;
}

/** A bounded counter of quasi-identifier combinations. */
export class EquivalenceClasses {
  private hashA = new Int32Array(FIRST_SLOTS);
  private hashB = new Int32Array(FIRST_SLOTS);
  /** Rows per slot; 0 marks an empty slot. */
  private counts = new Int32Array(FIRST_SLOTS);
  private firstRows = new Int32Array(FIRST_SLOTS);
  private size = 0;
  private untracked = 0;

  /** Counts one row: the cells at `columns` (quasi-identifiers, in a fixed order) make its class. */
  add(cells: TableRow, columns: number[], rowNo: number): void {
    let a = 0x811c9dc5;
    let b = 0x2545f491;
    const text = cells.text;
    for (const index of columns) {
      const end = cells.end(index);
      for (let i = cells.start(index); i < end; i++) {
        let code = text.charCodeAt(i);
        if (code >= 65 && code <= 90) code += 32;
        a = Math.imul(a ^ code, 16777619);
        b = Math.imul(b ^ code, 0x5bd1e995);
      }
      // A separator, so that ('ab', 'c') and ('a', 'bc') differ.
      a = Math.imul(a ^ 0x1f, 16777619);
      b = Math.imul(b ^ 0x1f, 0x5bd1e995);
    }
    b ^= b >>> 15;
    this.count(a, b, rowNo);
  }

  private count(a: number, b: number, rowNo: number): void {
    const mask = this.counts.length - 1;
    let slot = (a ^ (a >>> 16)) & mask;
    while (this.counts[slot] !== 0) {
      if (this.hashA[slot] === a && this.hashB[slot] === b) {
        this.counts[slot]!++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (this.size >= CLASS_CAP) {
      this.untracked++;
      return;
    }
    this.hashA[slot] = a;
    this.hashB[slot] = b;
    this.counts[slot] = 1;
    this.firstRows[slot] = rowNo;
    this.size++;
    if (this.size * 2 > this.counts.length && this.counts.length < MAX_SLOTS) this.grow();
  }

  /** Doubles the table, re-placing every counted class. */
  private grow(): void {
    const { hashA, hashB, counts, firstRows } = this;
    const slots = counts.length * 2;
    this.hashA = new Int32Array(slots);
    this.hashB = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.firstRows = new Int32Array(slots);
    const mask = slots - 1;
    for (let old = 0; old < counts.length; old++) {
      if (counts[old] === 0) continue;
      const a = hashA[old]!;
      let slot = (a ^ (a >>> 16)) & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.hashA[slot] = a;
      this.hashB[slot] = hashB[old]!;
      this.counts[slot] = counts[old]!;
      this.firstRows[slot] = firstRows[old]!;
    }
  }

  /** The smallest class counted, with the number of classes below `threshold`; null when empty. */
  smallest(threshold: number): SmallestClass | null {
    let best = -1;
    let below = 0;
    let unique = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      const rows = this.counts[slot]!;
      if (rows === 0) continue;
      if (rows < threshold) below++;
      if (rows === 1) unique++;
      // Ties go to the class seen first, so the location is the earliest such row.
      if (best < 0 || rows < this.counts[best]! || (rows === this.counts[best]! && this.firstRows[slot]! < this.firstRows[best]!)) best = slot;
    }
    if (best < 0) return null;
    const complete = this.untracked === 0;
    return { k: this.counts[best]!, firstRow: this.firstRows[best]!, classes: this.size, below, complete, allUnique: complete && unique === this.size };
  }
}
