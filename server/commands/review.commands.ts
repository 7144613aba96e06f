/**
 * A reviewer's per-file decisions and their submitted review of a turn (issue 10 §4).
 *
 * A reviewer decides on the **current** version of an output file while the package is in
 * review; a later decision on the same file in the same turn supersedes the earlier (kept).
 * Once every output still in the package has their decision, they submit their review of the
 * turn (once), which ends their independent phase and is what the file outcomes count; after it
 * their decisions of the turn are final. Each change that can complete the approval guards (a submitted review, a removal outcome) calls `approveIfReady` in its transaction,
 * with the package locked.
 *
 * Example: the DPR decides `request_changes` (`small_counts`) on table1.csv version 1 → a
 * file_reviews row and the audit event `file.review_decided` (decision and reason code, never
 * the note); deciding on version 1 after version 2 was added → `review.stale_file_version`.
 */
import { type FileDecisionResponse, fileDecisionRequestSchema, reviewSubmissionRequestSchema } from '../../common/contracts/reviews.contract';
import { findFile } from '../db/packages.repository';
import { findCurrentDecision, hasSubmitted, insertSubmission, listReviewFiles, listTurnDecisions, needsDecision, recordDecision } from '../db/reviews.repository';
import { DomainError } from '../domain/errors';
import { checkCommentBody } from '../domain/review/comment-body';
import { type ReviewAction, decideReview } from '../policies/review.policy';
import { approveIfReady } from './package-approval';
import { type PackageState, lockPackageFor } from './package-access';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { notifyWaiting } from './notification-events';

/** Throws the review policy's refusal when the actor may not take `action` now. */
export function authorizeReview(state: PackageState, action: ReviewAction): void {
  const decision = decideReview(action, state.subject);
  if (!decision.ok) throw new DomainError(decision.code, decision.reason, { action });
}

/**
 * Records the caller's decision on the current version of one output file. Throws the policy's
 * refusals (`package.self_review`, `review.not_a_reviewer`, `review.not_in_review`),
 * `review.reason_required`, `validation.invalid_input` (a reason with `approve`), the comment
 * rules' codes, `file.not_found`, `review.stale_file_version`, `review.supporting_file`,
 * `file.removed` and `review.already_submitted`; nothing changes on a refusal.
 */
export async function decideFile(ctx: CommandContext, packageId: string, fileId: string, input: unknown): Promise<FileDecisionResponse> {
  const request = parseInput(fileDecisionRequestSchema, input);
  if (request.decision === 'approve' && request.reasonCode !== undefined) {
    throw new DomainError('validation.invalid_input', 'An approval takes no reason code; reason codes say why a file cannot leave as it is');
  }
  if (request.decision !== 'approve' && request.reasonCode === undefined) {
    throw new DomainError('review.reason_required', 'Say why with a reason code (small counts, identifiers, …) when you do not approve a file');
  }
  const note = checkCommentBody(request.comment ?? '', { optional: true });
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeReview(state, 'decide');
    const reviewerId = ctx.actor.userId as string;
    const turn = state.pkg.review_turn;
    const file = await findFile(trx, packageId, fileId);
    if (!file || file.deleted_at !== null) throw new DomainError('file.not_found', 'No such file in this package');
    const version = await trx.selectFrom('file_versions').select(['id', 'number']).where('id', '=', request.fileVersionId).where('file_id', '=', file.id).executeTakeFirst();
    if (!version) throw new DomainError('file.not_found', 'No such version of this file');
    if (version.number !== file.current_version) {
      throw new DomainError('review.stale_file_version', 'The file changed since the page was loaded: reload it and decide on its current version', {
        decidedVersion: version.number,
        currentVersion: file.current_version,
      });
    }
    if (file.role !== 'output') throw new DomainError('review.supporting_file', 'Supporting files are context for reviewers and are never released; decisions apply to output files only');
    if (Number(file.removed) === 1) throw new DomainError('file.removed', 'This file is on the temporarily-removed register: it stays inside and takes no decision');
    if (await hasSubmitted(trx, packageId, turn, reviewerId)) {
      throw new DomainError('review.already_submitted', 'You have submitted your review of this turn; its decisions can no longer change');
    }
    const previous = await findCurrentDecision(trx, packageId, turn, file.id, reviewerId);
    const at = nowIso(ctx);
    const reasonCode = request.reasonCode ?? null;
    const { superseded } = await recordDecision(
      trx,
      { package_id: packageId, file_id: file.id, file_version_id: version.id, turn, reviewer_id: reviewerId, decision: request.decision, reason_code: reasonCode, comment: note, decided_at: at },
      // The note is the reviewer's words about the file, kept in the row; the audit keeps what was decided.
      auditBy(
        ctx,
        'file.review_decided',
        { type: 'package', id: packageId, projectId: state.pkg.project_id },
        {
          fileId: file.id,
          fileVersionId: version.id,
          version: version.number,
          turn,
          decision: request.decision,
          reasonCode,
          previous: previous ? { decision: previous.decision, reasonCode: previous.reason_code } : null,
        },
      ),
    );
    // No approveIfReady here: outcomes count submitted reviews only, and a reviewer cannot decide
    // after submitting, so a decision alone never completes the approval guards.
    return {
      turn,
      superseded,
      decision: {
        fileId: file.id,
        fileVersionId: version.id,
        decision: request.decision,
        reasonCode,
        comment: note,
        decidedAt: at,
        carried: false,
      },
    };
  });
}

/**
 * Submits the caller's review of the current turn, once every output file still in the
 * package has their decision on its current version. Throws the policy's refusals,
 * `conflict.stale_version`, `review.already_submitted` and `review.incomplete` (with how many
 * files are left); nothing changes on a refusal.
 */
export async function submitReview(ctx: CommandContext, packageId: string, input: unknown): Promise<void> {
  const request = parseInput(reviewSubmissionRequestSchema, input ?? {});
  await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeReview(state, 'submitReview');
    if (request.version !== undefined && request.version !== state.pkg.version) {
      throw new DomainError('conflict.stale_version', 'This package was changed by someone else; reload it and try again', { expectedVersion: request.version });
    }
    const reviewerId = ctx.actor.userId as string;
    const turn = state.pkg.review_turn;
    if (await hasSubmitted(trx, packageId, turn, reviewerId)) throw new DomainError('review.already_submitted', 'You have already submitted your review of this turn');
    const files = (await listReviewFiles(trx, packageId)).filter(needsDecision);
    const mine = await listTurnDecisions(trx, packageId, turn, reviewerId);
    const decidedVersions = new Set(mine.map((d) => d.file_version_id));
    const remaining = files.filter((f) => !decidedVersions.has(f.version_id)).length;
    if (remaining > 0) {
      throw new DomainError('review.incomplete', `Decide on every output file before submitting your review: ${remaining} of ${files.length} ${remaining === 1 ? 'is' : 'are'} left`, {
        remaining,
        files: files.length,
      });
    }
    const needed = new Set(files.map((f) => f.version_id));
    const decisions: Record<string, number> = {};
    for (const d of mine) if (needed.has(d.file_version_id)) decisions[d.decision] = (decisions[d.decision] ?? 0) + 1;
    await insertSubmission(
      trx,
      { package_id: packageId, turn, reviewer_id: reviewerId, submitted_at: nowIso(ctx) },
      auditBy(ctx, 'package.review_submitted', { type: 'package', id: packageId, projectId: state.pkg.project_id }, { turn, files: files.length, decisions }),
    );
    await approveIfReady(trx, { ...ctx, db: trx }, state);
    await notifyWaiting(trx, { ...ctx, db: trx }, state.pkg.project_id);
  });
}
