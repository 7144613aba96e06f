import { describe, expect, it } from 'vitest';
import type { FileOutcome, ReviewDecision } from '../../../common/vocab/review';
import { deriveFileOutcome, outcomeForAuthors } from './file-outcome';

const TABLE: [ReviewDecision[], FileOutcome][] = [
  [[], 'incomplete'],
  [['approve'], 'approved'],
  [['approve', 'approve'], 'approved'],
  [['approve', 'approve', 'approve'], 'approved'],
  [['request_changes'], 'changes_requested'],
  [['request_changes', 'request_changes'], 'changes_requested'],
  [['must_not_leave'], 'must_not_leave'],
  [['must_not_leave', 'must_not_leave'], 'must_not_leave'],
  [['request_changes', 'must_not_leave'], 'must_not_leave'],
  [['must_not_leave', 'request_changes', 'request_changes'], 'must_not_leave'],
  [['approve', 'request_changes'], 'conflicted'],
  [['must_not_leave', 'approve'], 'conflicted'],
  [['approve', 'approve', 'must_not_leave'], 'conflicted'],
  [['approve', 'request_changes', 'must_not_leave'], 'conflicted'],
];

describe('deriving a file outcome from the decisions that count', () => {
  it.each(TABLE)('gives %j the outcome %s', (decisions, outcome) => {
    expect(deriveFileOutcome(decisions)).toBe(outcome);
    // The order of the reviewers never matters.
    expect(deriveFileOutcome([...decisions].reverse())).toBe(outcome);
  });

  it('shows a disagreement to the authors as changes requested and every other outcome as it is', () => {
    expect(outcomeForAuthors('conflicted')).toBe('changes_requested');
    for (const o of ['incomplete', 'approved', 'changes_requested', 'must_not_leave'] as const) expect(outcomeForAuthors(o)).toBe(o);
  });
});
