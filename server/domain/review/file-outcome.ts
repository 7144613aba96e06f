/**
 * A file's outcome in a review turn, derived from the decisions of the reviewers who count
 * (as OpenSAFELY Airlock derives a file's decision from its reviews).
 *
 * | decisions that count | outcome |
 * |---|---|
 * | none | incomplete |
 * | every one `approve` | approved |
 * | every one `request_changes` | changes_requested |
 * | at least one `must_not_leave`, no `approve` | must_not_leave |
 * | `approve` beside anything else | conflicted |
 *
 * `must_not_leave` wins over `request_changes`: a file someone says must stay inside cannot be
 * released by a change the other asked for, so the stricter outcome is what the authors act on.
 * An approval beside any refusal is a disagreement the reviewers settle between them.
 *
 * Example: `deriveFileOutcome(['approve', 'request_changes'])` → `'conflicted'`.
 */
import type { FileOutcome, ReviewDecision } from '../../../common/vocab/review';

/** The outcome of one file given the decisions that count (one per reviewer). */
export function deriveFileOutcome(decisions: readonly ReviewDecision[]): FileOutcome {
  if (decisions.length === 0) return 'incomplete';
  const kinds = new Set(decisions);
  if (kinds.has('approve')) return kinds.size === 1 ? 'approved' : 'conflicted';
  if (kinds.has('must_not_leave')) return 'must_not_leave';
  return 'changes_requested';
}

/**
 * The outcome as the author team and other non-reviewers see it: a disagreement between
 * reviewers is theirs to settle, so it reads as "changes requested" (as in Airlock).
 */
export function outcomeForAuthors(outcome: FileOutcome): FileOutcome {
  return outcome === 'conflicted' ? 'changes_requested' : outcome;
}
