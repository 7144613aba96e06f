/**
 * The review summary of a package for the reviewer's workbench (GET /api/v1/packages/:id/review):
 * the turn, the caller's own decisions and submission, each file's outcome and the other
 * reviewers' decisions when the caller may see them (domain/review/review-visibility.ts), how
 * many have submitted (names once the caller may see them) and what the caller may do.
 *
 * A fixed number of queries whatever the size of the package: the package and caller (as every
 * read), the files with their current versions, the turn's decisions, the turn's submissions.
 */
import type { ReviewFile, ReviewSummary } from '../../common/contracts/reviews.contract';
import { FILE_OUTCOMES, type FileOutcome } from '../../common/vocab/review';
import { type DecisionRow, listReviewFiles, listSubmissions, listTurnDecisions, needsDecision } from '../db/reviews.repository';
import { outcomeForAuthors } from '../domain/review/file-outcome';
import { type ReviewViewer, type TurnStage, turnUnderReview, turnViewOf } from '../domain/review/review-visibility';
import { isPackageReviewer, reviewAbilities } from '../policies/review.policy';
import { type PackageState, loadPackageFor } from './package-access';
import type { CommandContext } from './context';
import { progressOfFiles } from './review-progress.queries';

const toDecision = (d: DecisionRow) => ({
  decision: d.decision,
  reasonCode: d.reason_code,
  comment: d.comment,
  decidedAt: d.decided_at,
  carried: d.carried_from !== null,
});

/** Who the caller is to the review of the package's current turn, and where the turn stands. */
export function reviewViewerOf(ctx: CommandContext, state: PackageState, submittedBy: ReadonlySet<string>): { viewer: ReviewViewer; stage: TurnStage } {
  const { pkg, subject } = state;
  return {
    viewer: { userId: ctx.actor.userId, isReviewer: isPackageReviewer(subject), submittedThisTurn: ctx.actor.userId !== null && submittedBy.has(ctx.actor.userId) },
    stage: { status: subject.status, failedStage: pkg.failed_stage, turn: pkg.review_turn },
  };
}

/** The review summary of the package's current turn as the caller may see it. */
export async function getReviewSummary(ctx: CommandContext, packageId: string): Promise<ReviewSummary> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const { pkg } = state;
  const turn = pkg.review_turn;
  const me = ctx.actor.userId;
  const files = await listReviewFiles(ctx.db, packageId);
  const decisions = turn > 0 ? await listTurnDecisions(ctx.db, packageId, turn) : [];
  const submissions = turn > 0 ? await listSubmissions(ctx.db, packageId, turn) : [];
  const submitted = new Set(submissions.map((s) => s.reviewer_id));
  const { viewer, stage } = reviewViewerOf(ctx, state, submitted);
  const view = turnViewOf(viewer, stage);

  const progress = progressOfFiles(files, decisions, submitted);
  const mineByVersion = new Map<string, DecisionRow>();
  const othersByVersion = new Map<string, DecisionRow[]>();
  for (const d of decisions) {
    if (d.reviewer_id === me) mineByVersion.set(d.file_version_id, d);
    // Only submitted reviews are shown: a reviewer's decisions before they submit are their draft.
    if (view.othersDecisions && submitted.has(d.reviewer_id)) {
      const list = othersByVersion.get(d.file_version_id);
      if (list) list.push(d);
      else othersByVersion.set(d.file_version_id, [d]);
    }
  }

  const outcomes = view.outcomes === null ? null : (Object.fromEntries(FILE_OUTCOMES.map((o) => [o, 0])) as Record<FileOutcome, number>);
  let needDecision = 0;
  let decidedByMe = 0;
  const out: ReviewFile[] = files.map((f, i) => {
    const needs = needsDecision(f);
    const mine = mineByVersion.get(f.version_id);
    if (needs) {
      needDecision += 1;
      if (mine) decidedByMe += 1;
    }
    const derived = (progress[i] as { outcome: FileOutcome }).outcome;
    const outcome = view.outcomes === 'full' ? derived : view.outcomes === 'authors' ? outcomeForAuthors(derived) : null;
    if (outcomes && outcome && needs) outcomes[outcome] += 1;
    return {
      fileId: f.file_id,
      path: f.path,
      role: f.role,
      removed: Number(f.removed) === 1,
      fileVersionId: f.version_id,
      needsDecision: needs,
      myDecision: mine ? toDecision(mine) : null,
      outcome,
      decisions: view.othersDecisions ? (othersByVersion.get(f.version_id) ?? []).map((d) => ({ ...toDecision(d), reviewerId: d.reviewer_id })) : null,
    };
  });

  const policy = reviewAbilities(state.subject);
  const remainingForMe = needDecision - decidedByMe;
  const mySubmission = submissions.find((s) => s.reviewer_id === me);
  return {
    turn,
    status: state.subject.status,
    reviewer: viewer.isReviewer,
    submittedAt: mySubmission?.submitted_at ?? null,
    independent: viewer.isReviewer && turnUnderReview(stage) && !viewer.submittedThisTurn && turn > 0,
    files: out,
    counts: { files: files.length, needDecision, decidedByMe, remainingForMe, outcomes },
    submissions: {
      count: submissions.length,
      reviewers: view.submitterNames ? submissions.map((s) => ({ reviewerId: s.reviewer_id, name: s.reviewer_name, submittedAt: s.submitted_at })) : null,
    },
    abilities: {
      decide: policy.decide && !mySubmission,
      submitReview: policy.submitReview && !mySubmission && remainingForMe === 0,
      comment: policy.comment,
      commentPrivately: policy.commentPrivately,
      commentOnRemoval: policy.commentOnRemoval,
      recordRemovalOutcome: policy.recordRemovalOutcome,
    },
  };
}
