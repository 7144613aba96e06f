/**
 * Who may redact a package's files, and when (issue 13, docs/redaction.md).
 *
 * | action | who | status |
 * |---|---|---|
 * | preview | whoever may apply or propose now | as apply or propose |
 * | apply | the author team (the project's investigators and researchers, as for editing) | draft, returned; project not closed |
 * | propose | a reviewer of the package (a DPR of its datasets, or the referee where the tier needs one), never the submitter nor anyone on its author team | in_review |
 * | accept | the author team | in_review (the package goes back to `checking` as a new review turn), returned (the new version waits for the resubmission) |
 * | decline | the author team | in_review, returned |
 *
 * Rules run in the order: can see the package (`package.not_found`), project open
 * (`project.closed`), status (`redaction.not_now`), who (`redaction.not_allowed`, or
 * `package.self_review` for someone on the author team acting as a reviewer). Reading a
 * redaction's provenance is viewing the package; its text diff is reading the file's content
 * (policies/package-content.policy.ts).
 *
 * Example: the researcher suppresses small counts in a draft → allowed; the DPR tries the same
 * while the package is in review → `redaction.not_now` for apply, allowed for propose; the
 * researcher proposes → `package.self_review`.
 */
import type { PackageStatus } from '../../common/vocab/statuses';
import { isOfAuthorTeam } from './finding-response.policy';
import { type PackageSubject, packageActorsOf } from './package.policy';
import { type Decision, type PolicyTable, abilitiesOf, all, allow, deny } from './policy';
import { canSeeProject } from './project.policy';

export const REDACTION_ACTIONS = ['preview', 'apply', 'propose', 'accept', 'decline'] as const;
export type RedactionAction = (typeof REDACTION_ACTIONS)[number];

/** The statuses in which each action may be taken. */
export const REDACTION_STATUSES: Record<Exclude<RedactionAction, 'preview'>, readonly PackageStatus[]> = {
  apply: ['draft', 'returned'],
  propose: ['in_review'],
  accept: ['in_review', 'returned'],
  decline: ['in_review', 'returned'],
};

const see = (s: PackageSubject): Decision => (canSeeProject({ actor: s.actor, role: s.role, status: s.projectStatus }).ok ? allow : deny('No such package', 'package.not_found'));
const open = (s: PackageSubject): Decision => (s.projectStatus !== 'closed' ? allow : deny('The project is closed; its packages can no longer change', 'project.closed'));

const inStatus =
  (action: Exclude<RedactionAction, 'preview'>) =>
  (s: PackageSubject): Decision =>
    REDACTION_STATUSES[action].includes(s.status)
      ? allow
      : deny(`Not while the package is ${s.status.replace('_', ' ')} (only while it is ${REDACTION_STATUSES[action].map((x) => x.replace('_', ' ')).join(' or ')})`, 'redaction.not_now');

/** The author team as editing knows it: the project's investigators and researchers now. A redaction's provenance names a person, so never the system. */
const byAuthors = (s: PackageSubject): Decision => {
  const kinds = packageActorsOf(s);
  return kinds.has('author_team') ? allow : deny('Only the author team (the investigators and researchers) redacts its files or decides on proposals', 'redaction.not_allowed');
};

const byReviewers = (s: PackageSubject): Decision => {
  if (packageActorsOf(s).has('reviewer')) return allow;
  if (isOfAuthorTeam(s)) return deny('You are on this package’s author team, so you cannot propose a redaction as its reviewer; redact it while it is a draft or returned', 'package.self_review');
  return deny('Only a reviewer of this package (a data provider representative of its datasets, or its referee) proposes a redaction', 'redaction.not_allowed');
};

const rule =
  (action: Exclude<RedactionAction, 'preview'>, who: (s: PackageSubject) => Decision) =>
  (s: PackageSubject): Decision =>
    all(
      () => see(s),
      () => open(s),
      () => inStatus(action)(s),
      () => who(s),
    );

const apply = rule('apply', byAuthors);
const propose = rule('propose', byReviewers);

/** Each action's rule. A preview is allowed to whoever may apply or propose now; refused with the refusal that fits the status. */
export const REDACTION_POLICY: PolicyTable<RedactionAction, PackageSubject> = {
  preview: (s) => {
    const applied = apply(s);
    if (applied.ok) return applied;
    const proposed = propose(s);
    if (proposed.ok) return proposed;
    return REDACTION_STATUSES.propose.includes(s.status) ? proposed : applied;
  },
  apply,
  propose,
  accept: rule('accept', byAuthors),
  decline: rule('decline', byAuthors),
};

/** Whether the actor may take this redaction action now. */
export function decideRedaction(action: RedactionAction, s: PackageSubject): Decision {
  return REDACTION_POLICY[action](s);
}

/** Every action and whether the actor may take it now, for the UI. */
export function redactionAbilities(s: PackageSubject): Record<RedactionAction, boolean> {
  return abilitiesOf(REDACTION_POLICY, s);
}
