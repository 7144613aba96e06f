/**
 * Comment threads of a package (issue 10 §4, §6): on the package, on one of its files, or on one
 * temporarily removed item. Never deleted: a retraction marks the row (the body stays stored).
 */
import type { Comment } from '../../common/contracts/comments.contract';
import type { CommentSubjectType, CommentVisibility, RemovalOutcome } from '../../common/vocab/review';
import { type AuditInput, appendAudit } from './audit.repository';
import type { Db, PackageCommentsTable, RemovalsTable, Tx } from './schema';

export interface CommentRow extends PackageCommentsTable {
  author_name: string;
}

/** A comment as the API shows it to `me` (the body of a retracted one is shown to nobody). */
export function toComment(row: CommentRow, me: string | null): Comment {
  return {
    id: row.id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    turn: row.turn,
    authorId: row.author_id,
    authorName: row.author_name,
    visibility: row.visibility,
    // A retracted comment's body stays stored but is shown to nobody.
    body: row.retracted_at === null ? row.body : null,
    createdAt: row.created_at,
    retractedAt: row.retracted_at,
    mine: me !== null && row.author_id === me,
  };
}

export interface CommentFilter {
  subjectType?: CommentSubjectType;
  subjectId?: string;
  turn?: number;
  visibility?: CommentVisibility;
}

/** The package's comments with their authors' names, oldest first, narrowed by `filter`. */
export async function listComments(db: Db, packageId: string, filter: CommentFilter = {}): Promise<CommentRow[]> {
  let query = db
    .selectFrom('package_comments')
    .innerJoin('users', 'users.id', 'package_comments.author_id')
    .selectAll('package_comments')
    .select('users.name as author_name')
    .where('package_comments.package_id', '=', packageId);
  if (filter.subjectType !== undefined) query = query.where('package_comments.subject_type', '=', filter.subjectType);
  if (filter.subjectId !== undefined) query = query.where('package_comments.subject_id', '=', filter.subjectId);
  if (filter.turn !== undefined) query = query.where('package_comments.turn', '=', filter.turn);
  if (filter.visibility !== undefined) query = query.where('package_comments.visibility', '=', filter.visibility);
  return query.orderBy('package_comments.created_at').orderBy('package_comments.id').execute();
}

export async function findComment(db: Db, packageId: string, commentId: string): Promise<CommentRow | undefined> {
  return db
    .selectFrom('package_comments')
    .innerJoin('users', 'users.id', 'package_comments.author_id')
    .selectAll('package_comments')
    .select('users.name as author_name')
    .where('package_comments.package_id', '=', packageId)
    .where('package_comments.id', '=', commentId)
    .executeTakeFirst();
}

export async function insertComment(trx: Tx, row: PackageCommentsTable, audit: AuditInput): Promise<void> {
  await trx.insertInto('package_comments').values(row).execute();
  await appendAudit(trx, audit);
}

/** Marks a comment retracted (once); its row and body stay stored. */
export async function markCommentRetracted(trx: Tx, commentId: string, by: string, at: string, audit: AuditInput): Promise<void> {
  await trx.updateTable('package_comments').set({ retracted_at: at, retracted_by: by }).where('id', '=', commentId).where('retracted_at', 'is', null).execute();
  await appendAudit(trx, audit);
}

// ---- the agreed outcome of a temporarily removed item ----

export async function findRemoval(db: Db, packageId: string, removalId: string): Promise<RemovalsTable | undefined> {
  return db.selectFrom('removals').selectAll().where('package_id', '=', packageId).where('id', '=', removalId).executeTakeFirst();
}

/** Records the agreed outcome of a removed item (a later agreement replaces it; the audit log keeps each). */
export async function setRemovalOutcome(trx: Tx, removalId: string, outcome: RemovalOutcome, by: string, at: string, audit: AuditInput): Promise<void> {
  await trx.updateTable('removals').set({ outcome, outcome_by: by, outcome_at: at }).where('id', '=', removalId).execute();
  await appendAudit(trx, audit);
}
