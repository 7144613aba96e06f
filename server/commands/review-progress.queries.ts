/**
 * Where the review of a package's current turn stands, per file: what the approval guards read.
 * Placeholder shape (filled by the review work): every file is incomplete and nobody has reviewed.
 */
import type { Db, PackagesTable } from '../db/schema';

/** A file's outcome in the current turn, derived from the reviewers' decisions (as Airlock does). */
export const FILE_OUTCOMES = ['incomplete', 'approved', 'changes_requested', 'must_not_leave', 'conflicted'] as const;
export type FileOutcome = (typeof FILE_OUTCOMES)[number];

export interface FileReviewProgress {
  fileId: string;
  fileVersionId: string;
  outcome: FileOutcome;
  /** Reviewers whose current decision on this version is `approve`. */
  approvals: number;
}

export interface ReviewProgress {
  turn: number;
  /** Every file in the package (not taken out), outputs and supporting, removed or not. */
  files: FileReviewProgress[];
  /** Reviewers who have submitted their review of this turn. */
  submittedReviewers: string[];
}

export async function loadReviewProgress(_db: Db, pkg: PackagesTable): Promise<ReviewProgress> {
  return { turn: pkg.review_turn, files: [], submittedReviewers: [] };
}
