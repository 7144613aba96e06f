/**
 * Who may do what with a package's release and its download links (issue 12, docs/design.md §8).
 *
 * | action | who | when |
 * |---|---|---|
 * | view | anyone who can see the package | any (a package without a release shows none) |
 * | issue_link | a system manager, never the submitter nor the author team | released, not revoked; the tier allows links |
 * | revoke | the `revoke` move of the package workflow: a system manager or the work package's DPR | released |
 *
 * Issuing a link is a new way for the outputs to leave, so it is kept to the same people as the
 * release itself (a system manager who is not on the author team), and needs no new approval.
 *
 * Example: a DPR asks to issue a link → refused with `release.not_allowed`; a system manager
 * asks on a revoked package → `release.not_released`.
 */
import type { PackageSubject } from './package.policy';
import { decidePackage, decideTransition, packageActorsOf } from './package.policy';
import { type Decision, type PolicyTable, abilitiesOf, allow, all, authorizeWith, deny } from './policy';

export type ReleaseAction = 'view' | 'start' | 'issue_link' | 'revoke';

export interface ReleaseSubject {
  package: PackageSubject;
  /** The stage a failed package failed in (`releasing`: the release may be started again). */
  failedStage?: string | null;
  /** The agreed tier's longest link lifetime; null when the tier allows no links. */
  linkLifetimeHours: number | null;
}

const released = (s: ReleaseSubject): Decision =>
  s.package.status === 'released' ? allow : deny(`A package that is ${s.package.status.replace('_', ' ')} has no release to issue a link for`, 'release.not_released');

const systemManager = (s: ReleaseSubject, what: string): Decision =>
  s.package.actor.systemRole === 'system_manager' || s.package.actor.systemRole === 'system' ? allow : deny(`Only a system manager ${what}`, 'release.not_allowed');

const notAuthor = (s: ReleaseSubject, what: string): Decision =>
  s.package.isSubmitter || s.package.isAuthor || packageActorsOf(s.package).has('author_team')
    ? deny(`You submitted this package or are on its author team, so you cannot ${what}`, 'package.self_review')
    : allow;

export const RELEASE_POLICY: PolicyTable<ReleaseAction, ReleaseSubject> = {
  view: (s) => decidePackage('view', s.package),
  /** Releasing an approved package, or releasing again a package whose release failed. */
  start: (s) =>
    all(
      () => decidePackage('view', s.package),
      () => systemManager(s, 'releases a package'),
      () => notAuthor(s, 'release it'),
      () => (s.package.status === 'failed' && s.failedStage === 'releasing' ? decideTransition(s.package, 'retry') : decideTransition(s.package, 'release')),
    ),
  issue_link: (s) =>
    all(
      () => decidePackage('view', s.package),
      () => systemManager(s, 'issues download links'),
      () => notAuthor(s, 'issue links for it'),
      () => released(s),
      () => (s.linkLifetimeHours !== null ? allow : deny('The package’s tier allows no download links', 'link.not_allowed_by_tier')),
    ),
  revoke: (s) => decideTransition(s.package, 'revoke'),
};

/** Throws the refusal when the actor may not take `action` on the release now. */
export function authorizeRelease(action: ReleaseAction, subject: ReleaseSubject): void {
  authorizeWith(RELEASE_POLICY, action, subject);
}

/** Every action and whether the actor may take it now, for the UI. */
export function releaseAbilities(subject: ReleaseSubject): Record<ReleaseAction, boolean> {
  return abilitiesOf(RELEASE_POLICY, subject);
}
