/**
 * Project lifecycle, as data. A project is one secure environment: `active` while work goes
 * on, `closing` while its outputs are egressed before shut-down, `closed` once the environment
 * is gone (nothing can change any more).
 *
 * Example: a programme manager starts closing an active project →
 * `active → closing`, audit event `project.closing_started`.
 */
import type { ProjectStatus } from '../vocab/statuses';

export interface ProjectTransition {
  from: ProjectStatus;
  to: ProjectStatus;
  action: 'start_closing' | 'resume' | 'close';
  event: string;
}

export const PROJECT_TRANSITIONS = [
  { from: 'active', to: 'closing', action: 'start_closing', event: 'project.closing_started' },
  { from: 'closing', to: 'active', action: 'resume', event: 'project.resumed' },
  { from: 'closing', to: 'closed', action: 'close', event: 'project.closed' },
] as const satisfies readonly ProjectTransition[];

export type ProjectTransitionAction = (typeof PROJECT_TRANSITIONS)[number]['action'];

export const PROJECT_STATUS_OWNERS = {
  active: 'a programme manager (start closing)',
  closing: 'a programme manager (close, or resume work)',
  closed: 'nobody: final',
} as const satisfies Record<ProjectStatus, string>;
