/**
 * Who may do what on a project, by system role and project role.
 *
 * | action | programme_manager | project_manager | investigator | other participant | system_manager (not a participant) |
 * |---|---|---|---|---|---|
 * | view | yes | yes | yes | yes | yes |
 * | manageParticipants | yes (not closed) | yes (not closed) | no | no | no |
 * | manageDatasets | yes (not closed) | yes (not closed) | no | no | no |
 * | addWorkPackage | yes (not closed) | yes (not closed) | yes (not closed) | no | no |
 * | viewAudit | yes | yes | yes | yes | yes |
 * | changeStatus | yes (not closed) | no | no | no | no |
 * | manageCheckSettings | yes (not closed) | no | no | no | yes (not closed) |
 * | setOutputArea | no | no | no | no | yes (not closed) |
 * | manageDestinations | yes (not closed) | no | no | no | yes (not closed) |
 *
 * Disclosure-check settings (preset and parameters, docs/design.md §7) are controls of the haven on
 * the project's outputs, so the haven's managers set them (by their system role) and no project
 * role grants it: the people whose outputs are checked must not loosen the checks. Which folder
 * (or storage prefix) of the server is a project's output area is the system manager's alone: it
 * decides what the server reads on the participants' behalf (the system actor, the CLI, may too).
 * Registered destinations (docs/delivery.md) are the haven's too: where outputs may go, and with which key.
 *
 * Example: a researcher on an active project → `can('addWorkPackage')` is false with reason
 * "Only an investigator, the project manager or a programme manager can add work packages".
 */
import type { ProjectRole } from '../../common/vocab/roles';
import type { ProjectStatus } from '../../common/vocab/statuses';
import { type Decision, type PolicyActor, type PolicyTable, abilitiesOf, all, allow, authorizeWith, deny } from './policy';

export interface ProjectSubject {
  actor: PolicyActor;
  /** The actor's active role on the project, if any. */
  role: ProjectRole | null;
  status: ProjectStatus;
}

export const PROJECT_ACTIONS = ['view', 'manageParticipants', 'manageDatasets', 'addWorkPackage', 'viewAudit', 'changeStatus', 'manageCheckSettings', 'setOutputArea', 'manageDestinations'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

const haven = (s: ProjectSubject) => s.actor.systemRole === 'system' || s.actor.systemRole === 'programme_manager';

export const canSeeProject = (s: ProjectSubject): Decision =>
  haven(s) || s.actor.systemRole === 'system_manager' || s.role !== null ? allow : deny('You are not a participant of this project', 'project.not_found');

// A closing project is still being worked on: its outputs are being egressed. Only a closed one is frozen.
const active = (s: ProjectSubject): Decision => (s.status !== 'closed' ? allow : deny('The project is closed; it can no longer be changed', 'project.closed'));

const manager = (s: ProjectSubject, what: string): Decision => (haven(s) || s.role === 'project_manager' ? allow : deny(`Only the project manager or a programme manager can ${what}`));

export const projectPolicy: PolicyTable<ProjectAction, ProjectSubject> = {
  view: canSeeProject,
  manageParticipants: (s) =>
    all(
      () => canSeeProject(s),
      () => manager(s, 'manage participants'),
      () => active(s),
    ),
  manageDatasets: (s) =>
    all(
      () => canSeeProject(s),
      () => manager(s, 'manage datasets'),
      () => active(s),
    ),
  addWorkPackage: (s) =>
    all(
      () => canSeeProject(s),
      () => (haven(s) || s.role === 'project_manager' || s.role === 'investigator' ? allow : deny('Only an investigator, the project manager or a programme manager can add work packages')),
      () => active(s),
    ),
  viewAudit: canSeeProject,
  changeStatus: (s) =>
    all(
      () => canSeeProject(s),
      () => (haven(s) ? allow : deny('Only a programme manager can start closing, resume or close a project')),
      () => (s.status !== 'closed' ? allow : deny('The project is closed', 'project.closed')),
    ),
  manageCheckSettings: (s) =>
    all(
      () => canSeeProject(s),
      () => (haven(s) || s.actor.systemRole === 'system_manager' ? allow : deny('Only a system manager or a programme manager can change a project’s disclosure-check settings')),
      () => active(s),
    ),
  setOutputArea: (s) =>
    all(
      () => canSeeProject(s),
      () => (s.actor.systemRole === 'system' || s.actor.systemRole === 'system_manager' ? allow : deny('Only a system manager can set a project’s output area')),
      () => active(s),
    ),
  manageDestinations: (s) =>
    all(
      () => canSeeProject(s),
      () => (haven(s) || s.actor.systemRole === 'system_manager' ? allow : deny('Only a system manager or a programme manager can register or retire a project’s destinations')),
      () => active(s),
    ),
};

export const authorizeProject = (action: ProjectAction, s: ProjectSubject) => authorizeWith(projectPolicy, action, s);
export const projectAbilities = (s: ProjectSubject) => abilitiesOf(projectPolicy, s);
