/**
 * Who may review a package, comment on it and record the agreed outcome of a temporarily
 * removed item (issue 10 §4, §6). The subject is the package's (package.policy.ts), with the
 * computed reviewer standing: a reviewer is never on the author team.
 *
 * | action | who | status |
 * |---|---|---|
 * | decide, submitReview | reviewers; the author team and the submitter are refused (`package.self_review`) | in_review |
 * | comment (package and file threads, public) | the author team, reviewers, managers | any but withdrawn, retained, rejected, releasing, released, revoked |
 * | commentPrivately (who may write a private comment) | reviewers only | (the thread's) |
 * | commentOnRemoval (a removed item's thread, public) | as `comment`, and the work package's DPRs | any but withdrawn |
 * | recordRemovalOutcome | the project's investigators and the work package's DPRs | any but withdrawn |
 *
 * Package and file threads close with the package's record (a final status or release); the
 * discussion of how to redact a removed item goes on after the package is retained or released,
 * because the item is reinstated in a later report. Nothing changes in a closed project.
 *
 * Example: the researcher who submitted asks to `decide` → `package.self_review`; the project
 * manager asks to `decide` → `review.not_a_reviewer`; a DPR of the work package asks to
 * `decide` in a returned package → `review.not_in_review`.
 */
import type { PackageStatus } from '../../common/vocab/statuses';
import { type PackageSubject, decidePackage, packageActorsOf } from './package.policy';
import { type Decision, type PolicyTable, abilitiesOf, all, allow, deny } from './policy';

export const REVIEW_ACTIONS = ['decide', 'submitReview', 'comment', 'commentPrivately', 'commentOnRemoval', 'recordRemovalOutcome'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Statuses in which the package and file threads are closed: the package's record is final. */
export const COMMENT_CLOSED_STATUSES: readonly PackageStatus[] = ['withdrawn', 'retained', 'rejected', 'releasing', 'released', 'revoked'];

const see = (s: PackageSubject): Decision => decidePackage('view', s);
const open = (s: PackageSubject): Decision => (s.projectStatus !== 'closed' ? allow : deny('The project is closed; its packages can no longer change', 'project.closed'));
const isReviewer = (s: PackageSubject): boolean => packageActorsOf(s).has('reviewer');

const notAuthor = (s: PackageSubject): Decision =>
  s.isAuthor || s.isSubmitter
    ? deny('You are on this package’s author team (you submitted it, added a file, edited its context or were a researcher while it was a draft), so you cannot review it', 'package.self_review')
    : allow;
const reviewer = (s: PackageSubject): Decision =>
  isReviewer(s) ? allow : deny('Only the package’s reviewers (the data provider representatives of its datasets, and the referee where the tier needs one) review it', 'review.not_a_reviewer');
const inReview = (s: PackageSubject): Decision =>
  s.status === 'in_review' ? allow : deny(`A package that is ${s.status.replace('_', ' ')} is not in review; decisions are made while it is in review`, 'review.not_in_review');

const commenter = (s: PackageSubject): Decision => {
  const kinds = packageActorsOf(s);
  return kinds.has('author_team') || s.isAuthor || kinds.has('reviewer') || kinds.has('manager')
    ? allow
    : deny('Only the author team, the reviewers and the managers of this package comment on it', 'comment.not_allowed');
};
const threadOpen = (s: PackageSubject): Decision =>
  COMMENT_CLOSED_STATUSES.includes(s.status) ? deny(`The package is ${s.status.replace('_', ' ')}; its comment threads are closed`, 'comment.thread_closed') : allow;
const notWithdrawn = (s: PackageSubject): Decision => (s.status === 'withdrawn' ? deny('The package was withdrawn; its register is closed', 'comment.thread_closed') : allow);

/** A reviewer, not on the author team, of a package in review: who decides on files and submits a review. */
const reviewingNow = (s: PackageSubject): Decision =>
  all(
    () => see(s),
    () => open(s),
    () => notAuthor(s),
    () => reviewer(s),
    () => inReview(s),
  );

export const REVIEW_POLICY: PolicyTable<ReviewAction, PackageSubject> = {
  decide: (s) => reviewingNow(s),
  submitReview: (s) => reviewingNow(s),
  comment: (s) =>
    all(
      () => see(s),
      () => open(s),
      () => commenter(s),
      () => threadOpen(s),
    ),
  commentPrivately: (s) =>
    all(
      () => see(s),
      () => open(s),
      () => (isReviewer(s) ? allow : deny('Private comments are for the package’s reviewers; write a public comment (the author team sees it)', 'comment.private_not_allowed')),
    ),
  commentOnRemoval: (s) =>
    all(
      () => see(s),
      () => open(s),
      () => (s.isDprOfWorkPackage ? allow : commenter(s)),
      () => notWithdrawn(s),
    ),
  recordRemovalOutcome: (s) =>
    all(
      () => see(s),
      () => open(s),
      () =>
        s.role === 'investigator' || s.isDprOfWorkPackage
          ? allow
          : deny('The agreed outcome of a removed item is recorded by an investigator or a data provider representative of the work package', 'removal.not_allowed'),
      () => (s.status === 'withdrawn' ? deny('The package was withdrawn; its register is closed', 'removal.not_allowed') : allow),
    ),
};

/** Whether the actor may take a review action now. */
export function decideReview(action: ReviewAction, s: PackageSubject): Decision {
  return REVIEW_POLICY[action](s);
}

/** Every review action and whether the actor may take it now, for the UI. */
export function reviewAbilities(s: PackageSubject): Record<ReviewAction, boolean> {
  return abilitiesOf(REVIEW_POLICY, s);
}

/** Whether the actor reviews the package (sees private comments, and others' decisions once submitted). */
export function isPackageReviewer(s: PackageSubject): boolean {
  return isReviewer(s);
}
