/**
 * What a person sees of a package's review (issue 10 §4, after OpenSAFELY Airlock's phases).
 *
 * While a turn is under review (the package is `checking` or `in_review`, or failed during its
 * checks) each reviewer works **independently**: they see their own decisions and comments, and
 * other reviewers' decisions, private comments and the derived outcomes only once they have
 * submitted their own review of the turn. When the turn is over (returned, approved, retained,
 * rejected, released…) every reviewer sees all of it.
 *
 * The author team and everyone else who is not a reviewer never see private comments nor any
 * reviewer's individual decision; they see each file's derived outcome once the turn is over
 * (a disagreement reads as "changes requested"), never while it is under review.
 * Public comments are addressed to the author team and are seen by everyone who sees the package.
 *
 * | viewer | turn under review | others' decisions, private comments of the turn | outcomes | who submitted |
 * |---|---|---|---|---|
 * | reviewer, not submitted | yes | no | no | a count |
 * | reviewer, submitted | yes | yes | yes | names |
 * | reviewer | no | yes | yes | names |
 * | anyone else | yes | no | no | a count |
 * | anyone else | no | no (decisions), never (private comments) | as authors see them | names |
 */
import type { CommentVisibility } from '../../../common/vocab/review';
import type { PackageStatus } from '../../../common/vocab/statuses';

export interface ReviewViewer {
  userId: string | null;
  /** A reviewer of the package (computed standing, never the author team). */
  isReviewer: boolean;
  /** The viewer has submitted their review of the current turn. */
  submittedThisTurn: boolean;
}

export interface TurnStage {
  status: PackageStatus;
  /** The lifecycle stage a failed package failed in (null otherwise). */
  failedStage: string | null;
  turn: number;
}

/** Whether the current turn is still being reviewed (the independent phase can apply). */
export function turnUnderReview(stage: TurnStage): boolean {
  return stage.status === 'checking' || stage.status === 'in_review' || (stage.status === 'failed' && stage.failedStage === 'checking');
}

export interface TurnView {
  /** Other reviewers' individual decisions (and their decision notes). */
  othersDecisions: boolean;
  /** Derived outcomes: `full` for reviewers, `authors` with disagreements read as changes requested, or none. */
  outcomes: 'full' | 'authors' | null;
  /** The names of the reviewers who submitted (otherwise only how many). */
  submitterNames: boolean;
}

/** What the viewer sees of the current turn's decisions. */
export function turnViewOf(viewer: ReviewViewer, stage: TurnStage): TurnView {
  if (stage.turn === 0) return { othersDecisions: false, outcomes: null, submitterNames: false };
  const open = !turnUnderReview(stage);
  if (viewer.isReviewer) {
    const sees = open || viewer.submittedThisTurn;
    return { othersDecisions: sees, outcomes: sees ? 'full' : null, submitterNames: sees };
  }
  return { othersDecisions: false, outcomes: open ? 'authors' : null, submitterNames: open };
}

export interface VisibleItem {
  authorId: string;
  visibility: CommentVisibility;
  turn: number;
}

/**
 * Whether the viewer sees a comment: their own always; public ones always; private ones only
 * as a reviewer, and a private comment of the turn under review only after submitting.
 */
export function commentVisibleTo(viewer: ReviewViewer, stage: TurnStage, item: VisibleItem): boolean {
  if (viewer.userId !== null && item.authorId === viewer.userId) return true;
  if (item.visibility === 'public') return true;
  if (!viewer.isReviewer) return false;
  return !(item.turn === stage.turn && turnUnderReview(stage) && !viewer.submittedThisTurn);
}

/** A private comment the viewer will see once they submit their review (so the UI can say so). */
export function hiddenUntilSubmitted(viewer: ReviewViewer, stage: TurnStage, item: VisibleItem): boolean {
  return viewer.isReviewer && !commentVisibleTo(viewer, stage, item);
}
