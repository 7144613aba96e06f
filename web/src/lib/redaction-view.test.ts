import { describe, expect, it } from 'vitest';
import { acceptanceConsequence, commitKind, diffRows, proposalState } from './redaction-view';

describe('the redaction screens’ helpers', () => {
  it('lets the author team apply and a reviewer propose, and offers nothing to others', () => {
    expect(commitKind({ preview: true, apply: true, propose: false })).toBe('apply');
    expect(commitKind({ preview: true, apply: false, propose: true })).toBe('propose');
    expect(commitKind({ preview: false, apply: false, propose: false })).toBeNull();
  });

  it('numbers a diff’s lines in the original and in the result', () => {
    const rows = diffRows([
      {
        oldStart: 3,
        oldLines: 3,
        newStart: 3,
        newLines: 3,
        lines: [
          { op: ' ', text: 'North,112' },
          { op: '-', text: 'South,7' },
          { op: '+', text: 'South,[REDACTED]' },
          { op: ' ', text: 'East,340' },
        ],
      },
    ]);
    expect(rows.map((r) => [r.op, r.oldNumber, r.newNumber, r.text])).toEqual([
      ['@', null, null, 'Lines 3–5 of the original'],
      [' ', 3, 3, 'North,112'],
      ['-', 4, null, 'South,7'],
      ['+', null, 4, 'South,[REDACTED]'],
      [' ', 5, 5, 'East,340'],
    ]);
  });

  it('marks a pending proposal on an old version as out of date', () => {
    expect(proposalState({ status: 'pending', stale: false })).toBe('pending');
    expect(proposalState({ status: 'pending', stale: true })).toBe('stale');
    expect(proposalState({ status: 'accepted', stale: true })).toBe('accepted');
  });

  it('says that accepting in review starts a new turn through the checks and voids the sign-offs', () => {
    const proposal = { path: 'tables/wards.csv', original: { fileVersionId: 'v', versionNumber: 1, sha256: 'a'.repeat(64) } };
    const inReview = acceptanceConsequence(proposal, { status: 'in_review', reviewTurn: 2 });
    expect(inReview).toContain('new current version of tables/wards.csv (after v1)');
    expect(inReview).toContain('goes back to checking');
    expect(inReview).toContain('review turn 3 starts');
    expect(inReview).toContain('sign-off');
    expect(acceptanceConsequence(proposal, { status: 'returned', reviewTurn: 2 })).toContain('stays returned');
  });
});
