/**
 * Who may do what on an egress package (docs/design.md §5.1).
 *
 * Status moves follow the table in common/workflow/package.workflow.ts: an action is allowed
 * when the move exists from the current status and the actor is one of its `who`. Editing
 * (files, roles, categories, context, the removal register) belongs to the author team while
 * the package is a draft or returned. Nobody reviews their own submission: a DPR or referee
 * who submitted the package is not a reviewer of it. Nobody re-checks a package they submitted
 * or whose author team they are on, and nobody releases one, whatever other role they hold (a
 * programme or system manager who is also an investigator or researcher of the project
 * included): refused with `package.self_review`.
 *
 * | action | who | status |
 * |---|---|---|
 * | view | anyone who can see the project | any |
 * | edit | investigators and researchers | draft, returned; project not closed |
 * | a transition action | the `who` of its row | its `from` |
 * | recheck (a transition) | reviewers, programme and system managers; never the submitter nor the author team | in_review |
 * | release (a transition) | system managers; never the submitter nor the author team | approved |
 *
 * A re-check runs the checks again under the settings in force. It is for the people who review
 * the findings or own the settings, never the author team: the authors must not be able to
 * replace findings they dislike (the earlier results are kept as superseded, and audited).
 *
 * Example: a researcher asks to `return` a package in review → refused with `workflow.not_allowed`;
 * a programme manager who is also a researcher of the project asks to `recheck` it → refused
 * with `package.self_review`.
 */
import type { ProjectRole } from '../../common/vocab/roles';
import { PACKAGE_EDITABLE_STATUSES, type PackageStatus, type ProjectStatus } from '../../common/vocab/statuses';
import { PACKAGE_ACTIONS, PACKAGE_TRANSITIONS, type PackageActor, type PackageAction } from '../../common/workflow/package.workflow';
import { type Decision, type PolicyActor, allow, all, deny } from './policy';
import { canSeeProject } from './project.policy';
import type { ReviewerStanding } from './reviewer-standing.policy';

export interface PackageSubject {
  actor: PolicyActor;
  role: ProjectRole | null;
  projectStatus: ProjectStatus;
  status: PackageStatus;
  isDprOfWorkPackage: boolean;
  /**
   * Why the actor reviews this package, or null (reviewer-standing.policy.ts): a DPR of its
   * datasets, or a referee where the tier needs one (approved by every DPR at tier ≥ 3); in
   * either case a participant since before the current turn was submitted.
   */
  reviewerStanding: ReviewerStanding;
  /** The actor submitted the current review turn. */
  isSubmitter: boolean;
  /**
   * The actor is on the package's author team (docs/design.md §5.2): submitted it, added a file
   * version, edited its context, or was an investigator or researcher while it was a draft.
   * Never a reviewer of it, whatever role they hold now.
   */
  isAuthor: boolean;
}

/** The kinds of actor (in the workflow table's terms) the subject's actor is. */
export function packageActorsOf(s: PackageSubject): Set<PackageActor> {
  const kinds = new Set<PackageActor>();
  if (s.actor.systemRole === 'system') kinds.add('system');
  if (s.role === 'investigator' || s.role === 'researcher') kinds.add('author_team');
  if (s.reviewerStanding !== null && !s.isSubmitter && !s.isAuthor) kinds.add('reviewer');
  if (s.role === 'project_manager' || s.actor.systemRole === 'programme_manager') kinds.add('manager');
  if (s.actor.systemRole === 'programme_manager') kinds.add('programme_manager');
  if (s.actor.systemRole === 'system_manager') kinds.add('system_manager');
  if (s.isDprOfWorkPackage) kinds.add('dpr');
  return kinds;
}

const see = (s: PackageSubject): Decision => (canSeeProject({ actor: s.actor, role: s.role, status: s.projectStatus }).ok ? allow : deny('No such package', 'package.not_found'));
/**
 * Actions refused to the submitter and the author team even when another role would allow them:
 * a re-check could replace findings the authors dislike, and the release is the step that takes
 * the outputs out, which must be done by someone other than their authors.
 */
const NOT_FOR_AUTHORS: ReadonlySet<string> = new Set(['recheck', 'release']);

const open = (s: PackageSubject): Decision =>
  s.projectStatus !== 'closed' || s.actor.systemRole === 'system' ? allow : deny('The project is closed; its packages can no longer change', 'project.closed');

/** Whether the actor may take a lifecycle action from the package's current status. */
export function decideTransition(s: PackageSubject, action: string): Decision {
  return all(
    () => see(s),
    () => open(s),
    () => {
      const moves = PACKAGE_TRANSITIONS.filter((t) => t.from === s.status && t.action === action);
      if (moves.length === 0) return deny(`A package that is ${s.status.replace('_', ' ')} cannot be moved by "${action}"`, 'workflow.invalid_transition');
      const kinds = packageActorsOf(s);
      const permitted = moves.some((t) => (t.who as readonly PackageActor[]).some((w) => kinds.has(w)));
      if (permitted && NOT_FOR_AUTHORS.has(action) && (s.isSubmitter || s.isAuthor || kinds.has('author_team'))) {
        return deny(`You submitted this package or are on its author team, so you cannot ${action.replaceAll('_', ' ')} it`, 'package.self_review');
      }
      if (permitted) return allow;
      const wouldReview = moves.some((t) => (t.who as readonly PackageActor[]).includes('reviewer')) && (s.isSubmitter || s.isAuthor) && (s.isDprOfWorkPackage || s.role === 'referee');
      if (wouldReview)
        return deny(
          'You are on this package’s author team (you submitted it, added a file, edited its context or were a researcher while it was a draft), so you cannot review it',
          'package.self_review',
        );
      return deny(`Only ${moves[0]?.who.join(' or ').replaceAll('_', ' ')} may ${action.replaceAll('_', ' ')} a package that is ${s.status.replace('_', ' ')}`, 'workflow.not_allowed');
    },
  );
}

export function decideEdit(s: PackageSubject): Decision {
  return all(
    () => see(s),
    () => open(s),
    () => (packageActorsOf(s).has('author_team') || s.actor.systemRole === 'system' ? allow : deny('Only the investigators and researchers assemble a package', 'workflow.not_allowed')),
    () =>
      PACKAGE_EDITABLE_STATUSES.includes(s.status)
        ? allow
        : deny(`A package that is ${s.status.replace('_', ' ')} cannot be changed; files and context change only in a draft or a returned package`, 'package.not_editable'),
  );
}

export type PackagePolicyAction = 'view' | 'edit' | PackageAction;

export function decidePackage(action: PackagePolicyAction, s: PackageSubject): Decision {
  if (action === 'view') return see(s);
  if (action === 'edit') return decideEdit(s);
  return decideTransition(s, action);
}

/** Every action and whether the actor may take it now, for the UI. */
export function packageAbilities(s: PackageSubject): Record<PackagePolicyAction, boolean> {
  const out = { view: see(s).ok, edit: decideEdit(s).ok } as Record<PackagePolicyAction, boolean>;
  for (const action of PACKAGE_ACTIONS) out[action] = decideTransition(s, action).ok;
  return out;
}
