/**
 * Who may answer a finding of a package, and when (issue 10 §4; docs/design.md §7).
 *
 * | action | who | status |
 * |---|---|---|
 * | requestException | the author team: the project's investigators and researchers, and anyone on the package's recorded author team | draft, returned, in_review |
 * | override | a reviewer of the package (a DPR of its datasets, or the referee where the tier needs one), never the submitter nor anyone on its author team | in_review |
 * | refuseException | as override | in_review |
 * | acknowledge | as override | in_review |
 *
 * Which findings each answer fits (a blocking one for a request, an override or a refusal, a
 * review-level one for an acknowledgement) is the command's check, not a question of who.
 * Someone on the author team who holds a reviewer's role now (a former researcher who became a
 * DPR, a programme manager who is also a researcher) is refused with `package.self_review`:
 * overriding one's own outputs' findings would be releasing them without review.
 *
 * Example: the DPR overrides a small count in a package in review → allowed; the researcher who
 * submitted it tries → `package.self_review`; the DPR tries while it is returned →
 * `finding.not_answerable`.
 */
import type { PackageStatus } from '../../common/vocab/statuses';
import { type PackageSubject, packageActorsOf } from './package.policy';
import { type Decision, type PolicyTable, abilitiesOf, all, allow, deny } from './policy';
import { canSeeProject } from './project.policy';

export const FINDING_RESPONSE_ACTIONS = ['requestException', 'override', 'refuseException', 'acknowledge'] as const;
export type FindingResponseAction = (typeof FINDING_RESPONSE_ACTIONS)[number];

/** The statuses in which each answer may be given. */
export const FINDING_RESPONSE_STATUSES: Record<FindingResponseAction, readonly PackageStatus[]> = {
  requestException: ['draft', 'returned', 'in_review'],
  override: ['in_review'],
  refuseException: ['in_review'],
  acknowledge: ['in_review'],
};

/** The actor submitted the package, is on its recorded author team, or is an investigator or researcher of the project now. */
export function isOfAuthorTeam(s: PackageSubject): boolean {
  return s.isAuthor || s.isSubmitter || packageActorsOf(s).has('author_team');
}

const see = (s: PackageSubject): Decision => (canSeeProject({ actor: s.actor, role: s.role, status: s.projectStatus }).ok ? allow : deny('No such package', 'package.not_found'));
const open = (s: PackageSubject): Decision => (s.projectStatus !== 'closed' ? allow : deny('The project is closed; its packages can no longer change', 'project.closed'));
const inStatus =
  (action: FindingResponseAction) =>
  (s: PackageSubject): Decision =>
    FINDING_RESPONSE_STATUSES[action].includes(s.status)
      ? allow
      : deny(
          `Findings of a package that is ${s.status.replace('_', ' ')} cannot be answered that way now (only while it is ${FINDING_RESPONSE_STATUSES[action].join(', ').replace('_', ' ')})`,
          'finding.not_answerable',
        );

const byAuthors = (s: PackageSubject): Decision => (isOfAuthorTeam(s) ? allow : deny('Only the author team (the investigators and researchers) asks for an exception', 'workflow.not_allowed'));

const byReviewers = (s: PackageSubject): Decision => {
  if (packageActorsOf(s).has('reviewer')) return allow;
  if (isOfAuthorTeam(s)) return deny('You are on this package’s author team, so you cannot answer its findings as a reviewer', 'package.self_review');
  return deny('Only a reviewer of this package (a data provider representative of its datasets, or its referee) answers its findings', 'workflow.not_allowed');
};

const rule =
  (action: FindingResponseAction, who: (s: PackageSubject) => Decision) =>
  (s: PackageSubject): Decision =>
    all(
      () => see(s),
      () => open(s),
      () => inStatus(action)(s),
      () => who(s),
    );

/** Each answer's rule, in the order: can see the package, project open, status, who. */
export const FINDING_RESPONSE_POLICY: PolicyTable<FindingResponseAction, PackageSubject> = {
  requestException: rule('requestException', byAuthors),
  override: rule('override', byReviewers),
  refuseException: rule('refuseException', byReviewers),
  acknowledge: rule('acknowledge', byReviewers),
};

/** Whether the actor may give this answer now. */
export function decideFindingResponse(action: FindingResponseAction, s: PackageSubject): Decision {
  return FINDING_RESPONSE_POLICY[action](s);
}

/** Every answer and whether the actor may give it now, for the UI. */
export function findingResponseAbilities(s: PackageSubject): Record<FindingResponseAction, boolean> {
  return abilitiesOf(FINDING_RESPONSE_POLICY, s);
}
