/**
 * What each viewer sees of a turn, written out from issue 10 §4 (the independent phase) and
 * Airlock's phases, independently of the module's table.
 */
import { describe, expect, it } from 'vitest';
import type { PackageStatus } from '../../../common/vocab/statuses';
import { type ReviewViewer, commentVisibleTo, hiddenUntilSubmitted, turnUnderReview, turnViewOf } from './review-visibility';

const reviewer = (submitted: boolean): ReviewViewer => ({ userId: 'me', isReviewer: true, submittedThisTurn: submitted });
const author: ReviewViewer = { userId: 'me', isReviewer: false, submittedThisTurn: false };
const stage = (status: PackageStatus, turn = 2) => ({ status, failedStage: null, turn });

describe('seeing the decisions of a turn', () => {
  it('treats checking and in review (and a failure during the checks) as under review, everything else as over', () => {
    expect(turnUnderReview(stage('in_review'))).toBe(true);
    expect(turnUnderReview(stage('checking'))).toBe(true);
    expect(turnUnderReview({ status: 'failed', failedStage: 'checking', turn: 1 })).toBe(true);
    expect(turnUnderReview({ status: 'failed', failedStage: 'releasing', turn: 1 })).toBe(false);
    for (const s of ['returned', 'approved', 'retained', 'rejected', 'released'] as const) expect(turnUnderReview(stage(s))).toBe(false);
  });

  it.each([
    ['a reviewer who has not submitted, while in review', reviewer(false), 'in_review', { othersDecisions: false, outcomes: null, submitterNames: false }],
    ['a reviewer who submitted, while in review', reviewer(true), 'in_review', { othersDecisions: true, outcomes: 'full', submitterNames: true }],
    ['a reviewer who never submitted, once the package was returned', reviewer(false), 'returned', { othersDecisions: true, outcomes: 'full', submitterNames: true }],
    ['an author, while in review', author, 'in_review', { othersDecisions: false, outcomes: null, submitterNames: false }],
    ['an author, once returned', author, 'returned', { othersDecisions: false, outcomes: 'authors', submitterNames: true }],
    ['an author, once approved', author, 'approved', { othersDecisions: false, outcomes: 'authors', submitterNames: true }],
  ] as const)('shows %s what the issue says', (_who, viewer, status, expected) => {
    expect(turnViewOf(viewer, stage(status))).toEqual(expected);
  });

  it('shows nothing before the first submission of the package', () => {
    expect(turnViewOf(reviewer(true), stage('draft', 0))).toEqual({ othersDecisions: false, outcomes: null, submitterNames: false });
  });
});

describe('seeing comments', () => {
  const privateNow = { authorId: 'other', visibility: 'private', turn: 2 } as const;
  const privateEarlier = { authorId: 'other', visibility: 'private', turn: 1 } as const;
  const publicNow = { authorId: 'other', visibility: 'public', turn: 2 } as const;
  const mine = { authorId: 'me', visibility: 'private', turn: 2 } as const;

  it('hides another reviewer’s private comment of the turn under review until the viewer submits', () => {
    expect(commentVisibleTo(reviewer(false), stage('in_review'), privateNow)).toBe(false);
    expect(hiddenUntilSubmitted(reviewer(false), stage('in_review'), privateNow)).toBe(true);
    expect(commentVisibleTo(reviewer(true), stage('in_review'), privateNow)).toBe(true);
    // Earlier turns and finished turns are open to every reviewer.
    expect(commentVisibleTo(reviewer(false), stage('in_review'), privateEarlier)).toBe(true);
    expect(commentVisibleTo(reviewer(false), stage('returned'), privateNow)).toBe(true);
  });

  it('never shows private comments to the author team, and shows public and own comments to everyone', () => {
    for (const s of ['in_review', 'returned', 'approved'] as const) {
      expect(commentVisibleTo(author, stage(s), privateNow)).toBe(false);
      expect(commentVisibleTo(author, stage(s), privateEarlier)).toBe(false);
      expect(hiddenUntilSubmitted(author, stage(s), privateNow)).toBe(false);
      expect(commentVisibleTo(author, stage(s), publicNow)).toBe(true);
      expect(commentVisibleTo(reviewer(false), stage(s), publicNow)).toBe(true);
      expect(commentVisibleTo(reviewer(false), stage(s), mine)).toBe(true);
    }
  });
});
