/**
 * Lifecycle of an egress package (docs/design.md §5.1), as data.
 *
 * `transitionPackage()` in server/commands/package-lifecycle.ts is the only writer of a
 * package's status: it looks the move up here, checks that the actor is one of `who`, checks
 * the guards of the move, writes the status and the audit event in one transaction.
 *
 * Who:
 * - `author_team`: the project's investigators and researchers;
 * - `reviewer`: a data provider representative of the work package or a referee (never the
 *   person who submitted the package);
 * - `manager`: the project manager or a programme manager;
 * - `programme_manager`: a programme manager (a haven manager, like a system manager, who also
 *   sets the project's disclosure-check settings);
 * - `system_manager`: a haven system manager;
 * - `dpr`: a data provider representative of the work package;
 * - `system`: the server itself (the checks stage, the release job).
 *
 * Worked example: a researcher submits a draft with one output file and complete context →
 * action `submit`, `draft → checking`, audit event `package.submitted`; the checks job
 * finishes → action `checks_finished`, `checking → in_review`, event `package.checks_finished`.
 */
import type { PackageStatus } from '../vocab/statuses';

export const PACKAGE_ACTORS = ['author_team', 'reviewer', 'manager', 'programme_manager', 'system_manager', 'dpr', 'system'] as const;
export type PackageActor = (typeof PACKAGE_ACTORS)[number];

export interface PackageTransition {
  from: PackageStatus;
  to: PackageStatus;
  action: string;
  who: readonly PackageActor[];
  event: string;
  /** The guard or effect, in words (docs/design.md §5.1). */
  when: string;
}

export const PACKAGE_TRANSITIONS = [
  { from: 'draft', to: 'checking', action: 'submit', who: ['author_team'], event: 'package.submitted', when: 'at least one output file; context complete; automated checks start' },
  { from: 'draft', to: 'withdrawn', action: 'withdraw', who: ['author_team'], event: 'package.withdrawn', when: 'final' },
  { from: 'returned', to: 'withdrawn', action: 'withdraw', who: ['author_team'], event: 'package.withdrawn', when: 'final' },
  {
    from: 'checking',
    to: 'in_review',
    action: 'checks_finished',
    who: ['system'],
    event: 'package.checks_finished',
    when: 'every current file version has a check result, verified in the transaction of the move',
  },
  { from: 'checking', to: 'failed', action: 'fail', who: ['system'], event: 'package.failed', when: 'technical failure; reason recorded' },
  { from: 'releasing', to: 'failed', action: 'fail', who: ['system'], event: 'package.failed', when: 'technical failure; reason recorded' },
  { from: 'failed', to: 'checking', action: 'retry', who: ['author_team', 'system_manager'], event: 'package.retried', when: 'failed during checks; checks start again' },
  { from: 'failed', to: 'releasing', action: 'retry', who: ['author_team', 'system_manager'], event: 'package.retried', when: 'failed during release; release starts again' },
  { from: 'in_review', to: 'returned', action: 'return', who: ['reviewer'], event: 'package.returned', when: 'a public comment explains what to change' },
  { from: 'returned', to: 'checking', action: 'resubmit', who: ['author_team'], event: 'package.resubmitted', when: 'at least one output file; context complete; new review turn' },
  {
    from: 'in_review',
    to: 'approved',
    action: 'approve',
    who: ['system'],
    event: 'package.approved',
    when: 'tier agreed; destination allowed; sign-offs present and bound to the content; no unresolved blocking findings',
  },
  { from: 'in_review', to: 'retained', action: 'retain', who: ['reviewer', 'manager'], event: 'package.retained', when: 'outcome "stays inside"; final' },
  { from: 'in_review', to: 'rejected', action: 'reject', who: ['reviewer'], event: 'package.rejected', when: 'final' },
  {
    from: 'in_review',
    to: 'checking',
    action: 'recheck',
    who: ['reviewer', 'programme_manager', 'system_manager'],
    event: 'package.recheck_requested',
    when: 'reason recorded (at most 2000 characters); never by its submitter or a member of its author team, whatever other role they hold; results of the current versions kept as superseded; checks run again under the settings in force',
  },
  {
    from: 'in_review',
    to: 'checking',
    action: 'accept_redaction',
    who: ['author_team'],
    event: 'package.redaction_accepted',
    when: "the author team accepts a reviewer's proposed redaction (POST /packages/:id/redaction-proposals/:proposalId/acceptance): the redacted version becomes current, a new review turn starts, sign-offs are voided and the checks run on the new version",
  },
  {
    from: 'approved',
    to: 'in_review',
    action: 'classification_reopened',
    who: ['system'],
    event: 'package.approval_voided',
    when: "the work package's classification was reopened: every sign-off is voided and the package is reviewed again",
  },
  { from: 'approved', to: 'returned', action: 'return', who: ['reviewer'], event: 'package.returned', when: 'reopened before release' },
  { from: 'approved', to: 'releasing', action: 'release', who: ['system_manager'], event: 'package.release_started', when: 'explicit confirmation' },
  { from: 'releasing', to: 'released', action: 'released', who: ['system'], event: 'package.released', when: 'bundle sealed and delivered' },
  { from: 'released', to: 'revoked', action: 'revoke', who: ['system_manager', 'dpr'], event: 'package.revoked', when: 'links invalidated; reason recorded; final' },
] as const satisfies readonly PackageTransition[];

export type PackageAction = (typeof PACKAGE_TRANSITIONS)[number]['action'];
export const PACKAGE_ACTIONS = [...new Set(PACKAGE_TRANSITIONS.map((t) => t.action))] as PackageAction[];

/** Who moves a package out of each status. */
export const PACKAGE_STATUS_OWNERS = {
  draft: 'the author team (submit or withdraw)',
  checking: 'the system (checks finished, or failed)',
  in_review:
    'reviewers (return, retain, reject, recheck), managers (retain), system and programme managers (recheck, unless they submitted the package or are on its author team), the author team (accepting a proposed redaction), the system (approve once sign-offs are complete)',
  returned: 'the author team (resubmit or withdraw)',
  approved: 'a system manager (release), a reviewer (return), or the system (back to review when the classification is reopened)',
  releasing: 'the system (released, or failed)',
  released: 'a system manager or a data provider representative (revoke)',
  failed: 'the author team or a system manager (retry)',
  withdrawn: 'nobody: final',
  retained: 'nobody: final',
  rejected: 'nobody: final',
  revoked: 'nobody: final',
} as const satisfies Record<PackageStatus, string>;

/** The moves an action may make from a status (at most one per status and action). */
export function findPackageTransition(from: PackageStatus, action: string, to?: PackageStatus): PackageTransition | undefined {
  return PACKAGE_TRANSITIONS.find((t) => t.from === from && t.action === action && (to === undefined || t.to === to));
}
