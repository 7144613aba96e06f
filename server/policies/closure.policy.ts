/**
 * Who may do what on a project's closure (docs/closure.md), by system role and project role.
 *
 * | action | programme_manager / system | system_manager | project_manager | investigator | other participant |
 * |---|---|---|---|---|---|
 * | view | yes | yes | yes | yes | yes |
 * | refreshInventory | yes (not closed) | yes (not closed) | yes (not closed) | yes (not closed) | no |
 * | markFiles | yes (not closed) | no | yes (not closed) | yes (not closed) | no |
 * | waive | yes (not closed) | no | no | no | no |
 *
 * Anyone who sees the project sees its checklist. Refreshing the inventory only re-reads the
 * output area, so the people who run the project and the haven's system managers may ask for it.
 * Saying that a file stays inside or is discarded is the project's own decision (its investigator
 * or project manager, or a programme manager); a system manager keeps the haven running and
 * decides nothing about outputs. Waiving an item of the checklist is the programme manager's
 * alone: the same people who close the project (project.policy.ts `changeStatus`).
 *
 * Example: the investigator of a closing project → `can('markFiles')` yes, `can('waive')` no with
 * reason "Only a programme manager can waive an item of the closure checklist".
 */
import type { ProjectRole } from '../../common/vocab/roles';
import type { ProjectStatus } from '../../common/vocab/statuses';
import { type Decision, type PolicyActor, type PolicyTable, abilitiesOf, all, allow, authorizeWith, deny } from './policy';
import { canSeeProject } from './project.policy';

export interface ClosureSubject {
  actor: PolicyActor;
  /** The actor's active role on the project, if any. */
  role: ProjectRole | null;
  status: ProjectStatus;
}

export const CLOSURE_ACTIONS = ['view', 'refreshInventory', 'markFiles', 'waive'] as const;
export type ClosureAction = (typeof CLOSURE_ACTIONS)[number];

const programme = (s: ClosureSubject) => s.actor.systemRole === 'system' || s.actor.systemRole === 'programme_manager';
const runsProject = (s: ClosureSubject) => s.role === 'project_manager' || s.role === 'investigator';
const open = (s: ClosureSubject): Decision => (s.status !== 'closed' ? allow : deny('The project is closed; its closure can no longer change', 'project.closed'));

export const closurePolicy: PolicyTable<ClosureAction, ClosureSubject> = {
  view: canSeeProject,
  refreshInventory: (s) =>
    all(
      () => canSeeProject(s),
      () =>
        programme(s) || s.actor.systemRole === 'system_manager' || runsProject(s) ? allow : deny('Only the investigator, the project manager, a programme or system manager can refresh the inventory'),
      () => open(s),
    ),
  markFiles: (s) =>
    all(
      () => canSeeProject(s),
      () => (programme(s) || runsProject(s) ? allow : deny('Only the investigator, the project manager or a programme manager can mark output-area files retained or discarded')),
      () => open(s),
    ),
  waive: (s) =>
    all(
      () => canSeeProject(s),
      () => (programme(s) ? allow : deny('Only a programme manager can waive an item of the closure checklist')),
      () => open(s),
    ),
};

export const authorizeClosure = (action: ClosureAction, s: ClosureSubject) => authorizeWith(closurePolicy, action, s);
export const closureAbilities = (s: ClosureSubject) => abilitiesOf(closurePolicy, s);
