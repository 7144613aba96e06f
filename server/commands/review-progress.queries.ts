/**
 * Where the review of a package's current turn stands, per file: what the approval guards read.
 *
 * A file's outcome counts the decisions of the reviewers who have **submitted** their review of
 * the turn, as OpenSAFELY Airlock does: until a reviewer submits, their decisions are their own
 * draft (they may still change them), so an approval can never rest on a half-done review. Once
 * submitted, a reviewer's decisions of the turn cannot change. Each counted decision must be on
 * the file's current version. Supporting and temporarily removed files take no decisions, so
 * their outcome stays `incomplete`: the approval guards look at outputs still in the package.
 *
 * Three queries whatever the size of the package (files with their current versions, the
 * turn's decisions, the turn's submissions).
 */
import type { FileOutcome, ReviewDecision } from '../../common/vocab/review';
import { type DecisionRow, type ReviewFileRow, listReviewFiles, listSubmissions, listTurnDecisions } from '../db/reviews.repository';
import type { Db, PackagesTable } from '../db/schema';
import { deriveFileOutcome } from '../domain/review/file-outcome';

export { FILE_OUTCOMES, type FileOutcome } from '../../common/vocab/review';

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

/**
 * Each file's outcome and approvals from the turn's current decisions, counting only the
 * reviewers in `submitted` and only decisions on the file's current version.
 */
export function progressOfFiles(
  files: readonly Pick<ReviewFileRow, 'file_id' | 'version_id'>[],
  decisions: readonly Pick<DecisionRow, 'file_id' | 'file_version_id' | 'reviewer_id' | 'decision'>[],
  submitted: ReadonlySet<string>,
): FileReviewProgress[] {
  const byVersion = new Map<string, ReviewDecision[]>();
  for (const d of decisions) {
    if (!submitted.has(d.reviewer_id)) continue;
    const list = byVersion.get(d.file_version_id);
    if (list) list.push(d.decision);
    else byVersion.set(d.file_version_id, [d.decision]);
  }
  return files.map((f) => {
    const counted = byVersion.get(f.version_id) ?? [];
    return { fileId: f.file_id, fileVersionId: f.version_id, outcome: deriveFileOutcome(counted), approvals: counted.filter((d) => d === 'approve').length };
  });
}

/** The review progress of the package's current turn (see the module comment for what counts). */
export async function loadReviewProgress(db: Db, pkg: PackagesTable): Promise<ReviewProgress> {
  const turn = pkg.review_turn;
  // One after the other: inside a transaction the queries share one connection anyway.
  const files = await listReviewFiles(db, pkg.id);
  const decisions = await listTurnDecisions(db, pkg.id, turn);
  const submissions = await listSubmissions(db, pkg.id, turn);
  const submittedReviewers = submissions.map((s) => s.reviewer_id);
  return { turn, files: progressOfFiles(files, decisions, new Set(submittedReviewers)), submittedReviewers };
}
