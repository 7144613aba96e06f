/**
 * Comment threads of a package (issue 10 §4, §6): on the package, on one of its files, and on
 * each temporarily removed item (the investigator–DPR discussion of how to redact it), plus the
 * agreed outcome of a removed item.
 *
 * Who may write and in which status is review.policy.ts; who may read is
 * domain/review/review-visibility.ts (private comments for reviewers only, and another
 * reviewer's private comments of the turn under review only after the caller submitted). A
 * comment is never deleted: its author may retract it, which keeps the row (body included) and
 * shows it as retracted, with its author and time, without its body. Comment bodies are people's
 * words: the audit log records that a comment was added or retracted, never its text.
 *
 * Example: the DPR comments publicly on table1.csv "Row C has 5: suppress it" → a
 * package_comments row of the current turn and the audit event `package.comment_added`.
 */
import { type Comment, type CommentList, type RemovalOutcomeResponse, commentListQuerySchema, commentRequestSchema, removalOutcomeRequestSchema } from '../../common/contracts/comments.contract';
import type { CommentSubjectType } from '../../common/vocab/review';
import { findComment, findRemoval, insertComment, listComments, markCommentRetracted, setRemovalOutcome, toComment } from '../db/comments.repository';
import { newId } from '../db/ids';
import { findFile, updatePackage } from '../db/packages.repository';
import { hasSubmitted } from '../db/reviews.repository';
import type { Db } from '../db/schema';
import { DomainError } from '../domain/errors';
import { checkCommentBody } from '../domain/review/comment-body';
import { commentVisibleTo, hiddenUntilSubmitted } from '../domain/review/review-visibility';
import { approveIfReady } from './package-approval';
import { voidSignOffsFor } from './sign-offs.void';
import { type PackageState, loadPackageFor, lockPackageFor } from './package-access';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { notifyComment } from './notification-events';
import { authorizeReview } from './review.commands';
import { reviewViewerOf } from './review.queries';

/** The viewer of the package's comments: whether they review it and submitted this turn. */
async function commentViewerOf(ctx: CommandContext, db: Db, state: PackageState) {
  const me = ctx.actor.userId;
  const submitted = me !== null && (await hasSubmitted(db, state.pkg.id, state.pkg.review_turn, me)) ? new Set([me]) : new Set<string>();
  return reviewViewerOf(ctx, state, submitted);
}

async function checkSubject(db: Db, state: PackageState, subjectType: CommentSubjectType, subjectId: string): Promise<void> {
  const missing = () => new DomainError('comment.subject_not_found', `No such ${subjectType} in this package to comment on`);
  if (subjectType === 'package') {
    if (subjectId !== state.pkg.id) throw missing();
    return;
  }
  if (subjectType === 'file') {
    const file = await findFile(db, state.pkg.id, subjectId);
    if (!file || file.deleted_at !== null) throw missing();
    return;
  }
  if (!(await findRemoval(db, state.pkg.id, subjectId))) throw missing();
}

/**
 * Adds a comment to a thread of the package. Throws the policy's refusals (`comment.not_allowed`,
 * `comment.private_not_allowed`, `comment.thread_closed`, `project.closed`),
 * `comment.subject_not_found` and the body rules' codes (`comment.empty`, `comment.too_long`,
 * `comment.invalid_characters`); nothing changes on a refusal.
 */
export async function addComment(ctx: CommandContext, packageId: string, input: unknown): Promise<Comment> {
  const request = parseInput(commentRequestSchema, input);
  const body = checkCommentBody(request.body);
  return inTransaction(ctx, async (trx) => {
    const state = await loadPackageFor(trx, packageId, ctx.actor);
    authorizeReview(state, request.subjectType === 'removal' ? 'commentOnRemoval' : 'comment');
    if (request.visibility === 'private') authorizeReview(state, 'commentPrivately');
    await checkSubject(trx, state, request.subjectType, request.subjectId);
    const at = nowIso(ctx);
    const id = newId();
    const row = {
      id,
      package_id: packageId,
      subject_type: request.subjectType,
      subject_id: request.subjectId,
      turn: state.pkg.review_turn,
      author_id: ctx.actor.userId as string,
      visibility: request.visibility,
      body,
      created_at: at,
      retracted_at: null,
      retracted_by: null,
    };
    await insertComment(
      trx,
      row,
      auditBy(
        ctx,
        'package.comment_added',
        { type: 'package', id: packageId, projectId: state.pkg.project_id },
        {
          commentId: id,
          subjectType: request.subjectType,
          subjectId: request.subjectId,
          visibility: request.visibility,
          turn: row.turn,
        },
      ),
    );
    await notifyComment(trx, { ...ctx, db: trx }, state.pkg, row);
    return toComment({ ...row, author_name: await authorName(trx, row.author_id) }, ctx.actor.userId);
  });
}

async function authorName(db: Db, userId: string): Promise<string> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? '';
}

/**
 * The comments of the package the caller may see, oldest first, narrowed by subject, turn or
 * visibility (`?turn=N&visibility=public` is a returned package's to-do list).
 */
export async function listPackageComments(ctx: CommandContext, packageId: string, query: unknown): Promise<CommentList> {
  const filter = parseInput(commentListQuerySchema, query ?? {});
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const { viewer, stage } = await commentViewerOf(ctx, ctx.db, state);
  const rows = await listComments(ctx.db, packageId, filter);
  const comments: Comment[] = [];
  let hidden = 0;
  for (const row of rows) {
    const item = { authorId: row.author_id, visibility: row.visibility, turn: row.turn };
    if (commentVisibleTo(viewer, stage, item)) comments.push(toComment(row, viewer.userId));
    else if (hiddenUntilSubmitted(viewer, stage, item)) hidden += 1;
  }
  return { comments, hiddenUntilSubmitted: hidden };
}

/**
 * Retracts one of the caller's own comments: kept, shown as retracted without its body.
 * Throws `comment.not_found` (also for a comment the caller cannot see), `comment.not_yours`,
 * `comment.retracted` and `project.closed`.
 */
export async function retractComment(ctx: CommandContext, packageId: string, commentId: string): Promise<Comment> {
  return inTransaction(ctx, async (trx) => {
    const state = await loadPackageFor(trx, packageId, ctx.actor);
    const row = await findComment(trx, packageId, commentId);
    const { viewer, stage } = await commentViewerOf(ctx, trx, state);
    if (!row || !commentVisibleTo(viewer, stage, { authorId: row.author_id, visibility: row.visibility, turn: row.turn })) {
      throw new DomainError('comment.not_found', 'No such comment on this package');
    }
    if (row.author_id !== ctx.actor.userId) throw new DomainError('comment.not_yours', 'Only its author may retract a comment');
    if (row.retracted_at !== null) throw new DomainError('comment.retracted', 'This comment was already retracted');
    if (state.subject.projectStatus === 'closed') throw new DomainError('project.closed', 'The project is closed; its packages can no longer change');
    const at = nowIso(ctx);
    await markCommentRetracted(
      trx,
      row.id,
      ctx.actor.userId as string,
      at,
      auditBy(
        ctx,
        'package.comment_retracted',
        { type: 'package', id: packageId, projectId: state.pkg.project_id },
        {
          commentId: row.id,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          visibility: row.visibility,
          turn: row.turn,
        },
      ),
    );
    return toComment({ ...row, retracted_at: at, retracted_by: ctx.actor.userId }, ctx.actor.userId);
  });
}

/**
 * Records the agreed outcome of a temporarily removed item (reinstate after redaction, or keep
 * inside), by an investigator or a DPR of the work package; a later agreement replaces it (the
 * audit log keeps each). Counts as a change of the package (its version goes up). Throws
 * `removal.not_allowed`, `removal.not_found`, `removal.reinstated`, `conflict.stale_version`.
 */
export async function recordRemovalOutcome(ctx: CommandContext, packageId: string, removalId: string, input: unknown): Promise<RemovalOutcomeResponse> {
  const request = parseInput(removalOutcomeRequestSchema, input);
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeReview(state, 'recordRemovalOutcome');
    const removal = await findRemoval(trx, packageId, removalId);
    if (!removal) throw new DomainError('removal.not_found', 'No such item on this package’s temporarily-removed register');
    if (removal.reinstated_at !== null) throw new DomainError('removal.reinstated', 'This item was reinstated; it is no longer on the register');
    const at = nowIso(ctx);
    const by = ctx.actor.userId as string;
    state.pkg = await updatePackage(trx, packageId, request.version, {}, at, null);
    await setRemovalOutcome(
      trx,
      removal.id,
      request.outcome,
      by,
      at,
      auditBy(
        ctx,
        'package.removal_outcome_recorded',
        { type: 'package', id: packageId, projectId: state.pkg.project_id },
        {
          removalId: removal.id,
          fileId: removal.file_id,
          outcome: request.outcome,
          previous: removal.outcome,
        },
      ),
    );
    // The register (with each item's outcome) is part of the content digest: a changed outcome voids the sign-offs.
    if (removal.outcome !== request.outcome) await voidSignOffsFor(trx, ctx, state.pkg, 'removal_outcome_changed', { removalId: removal.id });
    await approveIfReady(trx, { ...ctx, db: trx }, state);
    return { removalId: removal.id, fileId: removal.file_id, outcome: request.outcome, outcomeBy: by, outcomeAt: at, version: state.pkg.version };
  });
}
