/**
 * Reviewers' decisions on file versions (file_reviews) and their submitted reviews
 * (review_submissions), per review turn (issue 10 §4). Rows are never deleted: a later decision
 * by the same reviewer on the same file in the same turn marks the earlier one superseded, and a
 * decision carried into a new turn is a new row pointing at the one it carries.
 *
 * Reads return every row of one package's turn in one query (the (package_id, turn) index), so
 * a package of 10,000 files costs a handful of queries, never one per file.
 */
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { Db, FileReviewsTable, PackageFilesTable, ReviewSubmissionsTable, Tx } from './schema';

export type DecisionRow = Omit<FileReviewsTable, 'package_id' | 'turn' | 'superseded_at'>;

/** The current (not superseded) decisions of a package's turn, of every reviewer or of one. */
export async function listTurnDecisions(db: Db, packageId: string, turn: number, reviewerId?: string): Promise<DecisionRow[]> {
  let query = db
    .selectFrom('file_reviews')
    .select(['id', 'file_id', 'file_version_id', 'reviewer_id', 'decision', 'reason_code', 'comment', 'decided_at', 'carried_from'])
    .where('package_id', '=', packageId)
    .where('turn', '=', turn)
    .where('superseded_at', 'is', null);
  if (reviewerId !== undefined) query = query.where('reviewer_id', '=', reviewerId);
  return query.execute();
}

/** The reviewer's current decision on a file in a turn, if any. */
export async function findCurrentDecision(db: Db, packageId: string, turn: number, fileId: string, reviewerId: string): Promise<DecisionRow | undefined> {
  return db
    .selectFrom('file_reviews')
    .select(['id', 'file_id', 'file_version_id', 'reviewer_id', 'decision', 'reason_code', 'comment', 'decided_at', 'carried_from'])
    .where('package_id', '=', packageId)
    .where('turn', '=', turn)
    .where('file_id', '=', fileId)
    .where('reviewer_id', '=', reviewerId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Records a reviewer's decision on a file in a turn: their earlier current decision on the
 * file in that turn (if any) is marked superseded, the new row inserted, the audit appended.
 * Answers whether an earlier decision was superseded.
 */
export async function recordDecision(trx: Tx, row: Omit<FileReviewsTable, 'id' | 'superseded_at' | 'carried_from'>, audit: AuditInput): Promise<{ id: string; superseded: boolean }> {
  const result = await trx
    .updateTable('file_reviews')
    .set({ superseded_at: row.decided_at })
    .where('package_id', '=', row.package_id)
    .where('turn', '=', row.turn)
    .where('file_id', '=', row.file_id)
    .where('reviewer_id', '=', row.reviewer_id)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  const id = newId();
  await trx
    .insertInto('file_reviews')
    .values({ ...row, id, carried_from: null, superseded_at: null })
    .execute();
  await appendAudit(trx, audit);
  return { id, superseded: Number(result.numUpdatedRows) > 0 };
}

/** Inserts decisions carried into a new turn (a chunk at a time: parameter limits), with one audit event. */
export async function insertCarriedDecisions(trx: Tx, rows: Omit<FileReviewsTable, 'id' | 'superseded_at'>[], audit: AuditInput): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('file_reviews')
      .values(rows.slice(i, i + 200).map((r) => ({ ...r, id: newId(), superseded_at: null })))
      .execute();
  }
  await appendAudit(trx, audit);
}

/** The current decisions of a turn with the sha256 of the version each one decided on. */
export async function listTurnDecisionsWithContent(db: Db, packageId: string, turn: number): Promise<(DecisionRow & { sha256: string })[]> {
  return db
    .selectFrom('file_reviews')
    .innerJoin('file_versions', 'file_versions.id', 'file_reviews.file_version_id')
    .select([
      'file_reviews.id as id',
      'file_reviews.file_id as file_id',
      'file_reviews.file_version_id as file_version_id',
      'file_reviews.reviewer_id as reviewer_id',
      'file_reviews.decision as decision',
      'file_reviews.reason_code as reason_code',
      'file_reviews.comment as comment',
      'file_reviews.decided_at as decided_at',
      'file_reviews.carried_from as carried_from',
      'file_versions.sha256 as sha256',
    ])
    .where('file_reviews.package_id', '=', packageId)
    .where('file_reviews.turn', '=', turn)
    .where('file_reviews.superseded_at', 'is', null)
    .execute();
}

// ---- submitted reviews ----

export interface SubmissionRow extends Pick<ReviewSubmissionsTable, 'reviewer_id' | 'submitted_at'> {
  reviewer_name: string;
}

/** Who submitted their review of the turn (with names), in the order they did. */
export async function listSubmissions(db: Db, packageId: string, turn: number): Promise<SubmissionRow[]> {
  return db
    .selectFrom('review_submissions')
    .innerJoin('users', 'users.id', 'review_submissions.reviewer_id')
    .select(['review_submissions.reviewer_id as reviewer_id', 'review_submissions.submitted_at as submitted_at', 'users.name as reviewer_name'])
    .where('review_submissions.package_id', '=', packageId)
    .where('review_submissions.turn', '=', turn)
    .orderBy('review_submissions.submitted_at')
    .execute();
}

/** Whether the reviewer submitted their review of the turn. */
export async function hasSubmitted(db: Db, packageId: string, turn: number, reviewerId: string | null): Promise<boolean> {
  if (reviewerId === null) return false;
  const row = await db.selectFrom('review_submissions').select('id').where('package_id', '=', packageId).where('turn', '=', turn).where('reviewer_id', '=', reviewerId).executeTakeFirst();
  return row !== undefined;
}

/** Records a submitted review (once per reviewer and turn: the unique constraint refuses a second). */
export async function insertSubmission(trx: Tx, row: Omit<ReviewSubmissionsTable, 'id'>, audit: AuditInput): Promise<void> {
  await trx
    .insertInto('review_submissions')
    .values({ ...row, id: newId() })
    .execute();
  await appendAudit(trx, audit);
}

// ---- the files a review looks at ----

export interface ReviewFileRow {
  file_id: string;
  path: string;
  role: PackageFilesTable['role'];
  removed: number;
  version_id: string;
  sha256: string;
}

/** Every file of the package (not taken out) with its current version's id and sha256, in path order: one query. */
export async function listReviewFiles(db: Db, packageId: string): Promise<ReviewFileRow[]> {
  return db
    .selectFrom('package_files')
    .innerJoin('file_versions', (join) => join.onRef('file_versions.file_id', '=', 'package_files.id').onRef('file_versions.number', '=', 'package_files.current_version'))
    .select([
      'package_files.id as file_id',
      'package_files.path as path',
      'package_files.role as role',
      'package_files.removed as removed',
      'file_versions.id as version_id',
      'file_versions.sha256 as sha256',
    ])
    .where('package_files.package_id', '=', packageId)
    .where('package_files.deleted_at', 'is', null)
    .orderBy('package_files.path')
    .execute();
}

/** Whether a file needs each reviewer's decision: an output still in the package and not temporarily removed. */
export const needsDecision = (f: Pick<ReviewFileRow, 'role' | 'removed'>): boolean => f.role === 'output' && Number(f.removed) !== 1;
