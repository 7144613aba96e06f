/**
 * Who may record and agree the decisions of a data provider handover (docs/design.md §6; issue 10 §6).
 *
 * | action | who | status | work package |
 * |---|---|---|---|
 * | recordStorage | an investigator of the project or a DPR of the work package's datasets | draft, checking, in_review, returned, failed | egress_handover |
 * | agreeStorage | as recordStorage (each of them must agree) | as recordStorage | egress_handover |
 * | decideRedaction | as recordStorage | as recordStorage | egress_handover |
 *
 * The decisions are joint: the investigator is on the author team and still takes part (it is
 * the people involved who decide where the outputs are kept). They cannot change once the
 * package is approved (approval rested on them) or has ended.
 *
 * Example: the DPR records a storage decision for the handover package in review → allowed; a
 * researcher tries → `workflow.not_allowed`; the investigator tries on the report package →
 * `handover.not_a_handover`.
 */
import type { PackageStatus, WorkPackageKind } from '../../common/vocab/statuses';
import type { PackageSubject } from './package.policy';
import { type Decision, type PolicyTable, abilitiesOf, all, allow, deny } from './policy';
import { canSeeProject } from './project.policy';

export const HANDOVER_DECISION_ACTIONS = ['recordStorage', 'agreeStorage', 'decideRedaction'] as const;
export type HandoverDecisionAction = (typeof HANDOVER_DECISION_ACTIONS)[number];

/** The statuses in which the decisions may be recorded: not once approved, and not once the package has ended. */
export const HANDOVER_DECISION_STATUSES: readonly PackageStatus[] = ['draft', 'checking', 'in_review', 'returned', 'failed'];

export interface HandoverSubject {
  package: PackageSubject;
  workPackageKind: WorkPackageKind;
}

const rule = (s: HandoverSubject): Decision =>
  all(
    () => (canSeeProject({ actor: s.package.actor, role: s.package.role, status: s.package.projectStatus }).ok ? allow : deny('No such package', 'package.not_found')),
    () => (s.package.projectStatus !== 'closed' ? allow : deny('The project is closed; its packages can no longer change', 'project.closed')),
    () => (s.workPackageKind === 'egress_handover' ? allow : deny('Storage and redaction decisions belong to a data provider handover package', 'handover.not_a_handover')),
    () =>
      HANDOVER_DECISION_STATUSES.includes(s.package.status)
        ? allow
        : deny(`The decisions of a package that is ${s.package.status.replace('_', ' ')} can no longer change`, 'handover.decisions_closed'),
    () =>
      s.package.role === 'investigator' || s.package.isDprOfWorkPackage
        ? allow
        : deny('Only an investigator or a data provider representative of the work package’s datasets records and agrees these decisions', 'workflow.not_allowed'),
  );

export const HANDOVER_DECISION_POLICY: PolicyTable<HandoverDecisionAction, HandoverSubject> = {
  recordStorage: rule,
  agreeStorage: rule,
  decideRedaction: rule,
};

/** Whether the actor may take this decision action now. */
export function decideHandover(action: HandoverDecisionAction, s: HandoverSubject): Decision {
  return HANDOVER_DECISION_POLICY[action](s);
}

/** Every decision action and whether the actor may take it now, for the UI. */
export function handoverAbilities(s: HandoverSubject): Record<HandoverDecisionAction, boolean> {
  return abilitiesOf(HANDOVER_DECISION_POLICY, s);
}
