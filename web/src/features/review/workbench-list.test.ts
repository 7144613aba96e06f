import { describe, expect, it } from 'vitest';
import type { ReviewSummary } from '../../../../common/contracts/reviews.contract';
import { filterFiles, isFlagged, nextAfterDecision, progressOf, stepSelection, type WorkbenchFile } from './workbench-list';

const file = (fileId: string, over: Partial<WorkbenchFile> = {}): WorkbenchFile => ({
  fileId,
  path: `${fileId}.csv`,
  role: 'output',
  removed: false,
  fileVersionId: `v-${fileId}`,
  needsDecision: true,
  myDecision: null,
  outcome: null,
  decisions: null,
  verdict: 'pass',
  unreadable: false,
  openFindings: 0,
  ...over,
});
const approved = { decision: 'approve' as const, reasonCode: null, comment: '', decidedAt: '2026-01-01T00:00:00.000Z', carried: false };

const files = [
  file('a', { verdict: 'block', openFindings: 1 }),
  file('b', { myDecision: approved }),
  file('c', { role: 'supporting', needsDecision: false }),
  file('d', { verdict: 'review', myDecision: approved }),
  file('e', { verdict: null, unreadable: true }),
  file('f'),
];

describe('workbench file list', () => {
  it('keeps every file, the ones still needing my decision, or the flagged ones', () => {
    const ids = (list: WorkbenchFile[]) => list.map((f) => f.fileId);
    expect(ids(filterFiles(files, 'all'))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(ids(filterFiles(files, 'undecided'))).toEqual(['a', 'e', 'f']);
    expect(ids(filterFiles(files, 'flagged'))).toEqual(['a', 'd', 'e']);
  });

  it('flags a passing file whose findings still wait for an answer', () => {
    expect(isFlagged(file('p', { verdict: 'pass', openFindings: 2 }))).toBe(true);
    expect(isFlagged(file('p', { verdict: 'pass' }))).toBe(false);
  });

  it('steps to the next and previous file and stays put at either end', () => {
    expect(stepSelection(files, 'a', 1)).toBe('b');
    expect(stepSelection(files, 'b', -1)).toBe('a');
    expect(stepSelection(files, 'a', -1)).toBe('a');
    expect(stepSelection(files, 'f', 1)).toBe('f');
    expect(stepSelection(files, null, 1)).toBe('a');
    expect(stepSelection([], 'a', 1)).toBe('a');
  });

  it('steps from a file the filter hides to its neighbours in the filtered list', () => {
    const undecided = filterFiles(files, 'undecided');
    expect(stepSelection(undecided, 'b', 1, files)).toBe('e');
    expect(stepSelection(undecided, 'd', -1, files)).toBe('a');
    expect(stepSelection(undecided, 'f', 1, files)).toBe('f');
  });

  it('goes on after a decision to the next file still needing one, wrapping to an earlier one', () => {
    expect(nextAfterDecision(files, 'a')).toBe('e');
    expect(nextAfterDecision(files, 'e')).toBe('f');
    expect(nextAfterDecision(files, 'f')).toBe('a');
    const allDone = files.map((f) => ({ ...f, myDecision: approved }));
    expect(nextAfterDecision(allDone, 'b')).toBe('c');
    expect(nextAfterDecision(allDone, 'f')).toBe('f');
  });

  it('says how many outputs remain before the review can be submitted', () => {
    const summary = (decided: number, remaining: number, extra: Partial<ReviewSummary> = {}) =>
      ({
        counts: { files: 6, needDecision: 5, decidedByMe: decided, remainingForMe: remaining, outcomes: null },
        submittedAt: null,
        abilities: { decide: true, submitReview: true, comment: true, commentPrivately: true, commentOnRemoval: false, recordRemovalOutcome: false },
        ...extra,
      }) as ReviewSummary;
    expect(progressOf(summary(2, 3))).toMatchObject({ label: 'Decided 2 of 5', submitBlocked: '3 outputs need your decision before you can submit.' });
    expect(progressOf(summary(4, 1)).submitBlocked).toBe('1 output needs your decision before you can submit.');
    expect(progressOf(summary(5, 0)).submitBlocked).toBeNull();
    expect(progressOf(summary(5, 0, { submittedAt: '2026-01-01T00:00:00.000Z' })).submitBlocked).toBe('You have submitted your review of this turn.');
  });
});
