/**
 * Who reviews a package (docs/design.md §5.2, issue 10 §1): the standing that makes the actor a
 * `reviewer` in the package workflow's terms (package.policy.ts `packageActorsOf`, which also
 * excludes the submitter and the author team).
 *
 * | the actor | standing |
 * |---|---|
 * | a data provider representative of one of the work package's datasets | dpr |
 * | the referee, where the tier needs one (a DPR said tier ≥ 2, or the agreed tier's policy names a referee sign-off) and, when a DPR said tier ≥ 3, once every DPR has approved them | referee |
 * | anyone else (another role, a DPR of another dataset, a referee the tier does not need or not yet approved) | none |
 *
 * Either standing needs a participant since before the current turn was submitted: a person added
 * later does not review that turn (in a draft, nobody has been added "too late").
 *
 * Example: a referee added after the package was submitted, at a tier that needs a referee →
 * no standing; the same referee added before the submission → `referee`.
 */
import type { ProjectRole } from '../../common/vocab/roles';

export type ReviewerStanding = 'dpr' | 'referee' | null;

/** What the referee's standing depends on (from the work package's classification and tier policy). */
export interface RefereeFacts {
  /** A DPR said tier ≥ 2, or the agreed tier's policy names a referee sign-off. */
  needed: boolean;
  /** A DPR said tier ≥ 3: every DPR must approve the referee. */
  approvalRequired: boolean;
  /** Every current DPR approved this referee. */
  approvedByEveryDpr: boolean;
}

export interface ReviewerFacts {
  role: ProjectRole | null;
  /** The actor represents one of the work package's datasets. */
  isDprOfWorkPackage: boolean;
  /** When the package's current turn was submitted; null for a draft. */
  submittedAt: string | null;
  /** When the actor's current participation in the project began; null when not a participant. */
  participantSince: string | null;
  /** Only read for a referee who is not a DPR of the work package; null when not loaded. */
  referee: RefereeFacts | null;
}

/** Whether the actor could have a standing at all: only then are the other facts worth loading. */
export function mayReview(role: ProjectRole | null, isDprOfWorkPackage: boolean): boolean {
  return isDprOfWorkPackage || role === 'referee';
}

/** The actor's reviewer standing on the package, as the header table says. */
export function reviewerStandingOf(f: ReviewerFacts): ReviewerStanding {
  if (!mayReview(f.role, f.isDprOfWorkPackage)) return null;
  if (f.submittedAt !== null && (f.participantSince === null || f.participantSince > f.submittedAt)) return null;
  if (f.isDprOfWorkPackage) return 'dpr';
  if (f.referee === null || !f.referee.needed) return null;
  if (f.referee.approvalRequired && !f.referee.approvedByEveryDpr) return null;
  return 'referee';
}
