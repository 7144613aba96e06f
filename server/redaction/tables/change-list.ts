/**
 * Collects the changes an operation makes for its outcome: every change is counted, the first
 * MAX_LISTED_CHANGES are listed with where they are (never a value).
 *
 * Example: `list.add({ row: 4, column: 3 }, 'suppressed (primary)')`; `list.outcome()` →
 * `{ changeCount: 1, changes: [{ location: { row: 4, column: 3 }, change: 'suppressed (primary)' }] }`.
 */
import type { FindingLocation } from '../../../common/contracts/scan.contract';
import { MAX_LISTED_CHANGES, RedactionError, type RedactionChange, type RedactionOutcome } from '../types';

export class ChangeList {
  private count = 0;
  private readonly listed: RedactionChange[] = [];
  readonly notes: string[] = [];

  add(location: FindingLocation, change: string): void {
    this.count++;
    if (this.listed.length < MAX_LISTED_CHANGES) this.listed.push({ location, change });
  }

  get size(): number {
    return this.count;
  }

  /** The outcome; refuses with `redaction.nothing_to_change` when nothing changed (no identical version is stored). */
  outcome(nothing: string): RedactionOutcome {
    if (this.count === 0) throw new RedactionError('redaction.nothing_to_change', nothing);
    return { changeCount: this.count, changes: this.listed, ...(this.notes.length > 0 ? { notes: this.notes } : {}) };
  }
}
