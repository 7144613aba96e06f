/**
 * Who may see and download a project's closure report (docs/closure.md "Closure report").
 *
 * | action | programme_manager / system | system_manager | project_manager | other participant |
 * |---|---|---|---|---|
 * | view | yes | yes | yes | yes |
 * | download | yes (closed) | yes (closed) | yes (closed) | no |
 *
 * The report is the evidence that the environment can be shut down, so it goes to the people
 * who manage the project: the programme managers (and the CLI), the haven's system managers who
 * shut the environment down, and the project's project manager. Everyone who sees the project
 * may see that a report exists and its hashes (`view`), as they see the audit log. There is no
 * report before the project closed (`closure.report_not_ready`).
 *
 * Example: the investigator of a closed project → `can('download')` no, with reason "Only the
 * project manager, a programme manager or a system manager can download the closure report".
 */
import type { ProjectRole } from '../../common/vocab/roles';
import type { ProjectStatus } from '../../common/vocab/statuses';
import { type PolicyActor, type PolicyTable, abilitiesOf, all, allow, authorizeWith, deny } from './policy';
import { canSeeProject } from './project.policy';

export interface ClosureReportSubject {
  actor: PolicyActor;
  /** The actor's active role on the project, if any. */
  role: ProjectRole | null;
  status: ProjectStatus;
}

export const CLOSURE_REPORT_ACTIONS = ['view', 'download'] as const;
export type ClosureReportAction = (typeof CLOSURE_REPORT_ACTIONS)[number];

/** The project's managers: programme managers and the system actor, system managers, its project manager. */
const managesProject = (s: ClosureReportSubject) =>
  s.actor.systemRole === 'system' || s.actor.systemRole === 'programme_manager' || s.actor.systemRole === 'system_manager' || s.role === 'project_manager';

export const closureReportPolicy: PolicyTable<ClosureReportAction, ClosureReportSubject> = {
  view: canSeeProject,
  download: (s) =>
    all(
      () => canSeeProject(s),
      () => (managesProject(s) ? allow : deny('Only the project manager, a programme manager or a system manager can download the closure report')),
      () => (s.status === 'closed' ? allow : deny('The closure report is written when the project closes; this project is not closed yet', 'closure.report_not_ready')),
    ),
};

export const authorizeClosureReport = (action: ClosureReportAction, s: ClosureReportSubject) => authorizeWith(closureReportPolicy, action, s);
export const closureReportAbilities = (s: ClosureReportSubject) => abilitiesOf(closureReportPolicy, s);
