/**
 * What an office operation changed, gathered as it goes and turned into the outcome: where and
 * what (part names as the checks show them, sheets by position and masked name), never a value.
 *
 * Example: `log.add({ part: 'word/comments.xml' }, 'removed 3 comments')`.
 */
import type { FindingLocation } from '../../../common/contracts/scan.contract';
import { MAX_LISTED_CHANGES, type RedactionChange, type RedactionOutcome } from '../types';

export class ChangeLog {
  private readonly changes: RedactionChange[] = [];
  private total = 0;
  private readonly notes = new Set<string>();

  add(location: FindingLocation | undefined, change: string): void {
    this.total++;
    if (this.changes.length < MAX_LISTED_CHANGES) this.changes.push(location ? { location, change } : { change });
  }

  /** Something the user must know: what was not done, or done differently. */
  note(text: string): void {
    this.notes.add(text);
  }

  get count(): number {
    return this.total;
  }

  outcome(): RedactionOutcome {
    return { changeCount: this.total, changes: this.changes, ...(this.notes.size > 0 ? { notes: [...this.notes] } : {}) };
  }
}
