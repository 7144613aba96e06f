/**
 * Who may record and agree a handover's storage decision and decide on redactions, as a table:
 * persona × package status × work package kind × action → allowed or refused with its code,
 * written out from docs/design.md §6 and issue 10 §6 independently of the policy.
 */
import { describe, expect, it } from 'vitest';
import { PACKAGE_STATUSES, type PackageStatus, type WorkPackageKind } from '../../common/vocab/statuses';
import { HANDOVER_DECISION_ACTIONS, type HandoverSubject, decideHandover, handoverAbilities } from './handover-decision.policy';
import type { PackageSubject } from './package.policy';

const PERSONAS: Record<string, { decides: boolean | 'unseen'; subject: Partial<PackageSubject> & Pick<PackageSubject, 'actor' | 'role'> }> = {
  investigator: { decides: true, subject: { actor: { userId: 'u-inv', systemRole: 'standard' }, role: 'investigator', isAuthor: true } },
  'DPR of the datasets': { decides: true, subject: { actor: { userId: 'u-dpr', systemRole: 'standard' }, role: 'data_provider_representative', isDprOfWorkPackage: true, reviewerStanding: 'dpr' } },
  researcher: { decides: false, subject: { actor: { userId: 'u-res', systemRole: 'standard' }, role: 'researcher', isAuthor: true } },
  'DPR of another dataset': { decides: false, subject: { actor: { userId: 'u-dpr2', systemRole: 'standard' }, role: 'data_provider_representative' } },
  referee: { decides: false, subject: { actor: { userId: 'u-ref', systemRole: 'standard' }, role: 'referee', reviewerStanding: 'referee' } },
  'project manager': { decides: false, subject: { actor: { userId: 'u-pm', systemRole: 'standard' }, role: 'project_manager' } },
  'programme manager': { decides: false, subject: { actor: { userId: 'u-prog', systemRole: 'programme_manager' }, role: null } },
  outsider: { decides: 'unseen', subject: { actor: { userId: 'u-out', systemRole: 'standard' }, role: null } },
};

/** Decisions change until approval: not once approved or released, nor after a final outcome. */
const OPEN: PackageStatus[] = ['draft', 'checking', 'in_review', 'returned', 'failed'];

function subjectOf(persona: string, status: PackageStatus, kind: WorkPackageKind, projectStatus: PackageSubject['projectStatus'] = 'active'): HandoverSubject {
  const p = PERSONAS[persona];
  if (!p) throw new Error(persona);
  return { workPackageKind: kind, package: { projectStatus, status, isDprOfWorkPackage: false, reviewerStanding: null, isSubmitter: false, isAuthor: false, ...p.subject } };
}

describe('who may record and agree the handover decisions', () => {
  for (const action of HANDOVER_DECISION_ACTIONS) {
    for (const status of PACKAGE_STATUSES) {
      for (const kind of ['egress_handover', 'egress_report'] as const) {
        it(`${action} on an ${kind} package that is ${status}`, () => {
          for (const [persona, { decides }] of Object.entries(PERSONAS)) {
            const decision = decideHandover(action, subjectOf(persona, status, kind));
            const want =
              decides === 'unseen'
                ? 'package.not_found'
                : kind !== 'egress_handover'
                  ? 'handover.not_a_handover'
                  : !OPEN.includes(status)
                    ? 'handover.decisions_closed'
                    : decides
                      ? 'allow'
                      : 'workflow.not_allowed';
            expect(decision.ok ? 'allow' : decision.code, persona).toBe(want);
            expect(handoverAbilities(subjectOf(persona, status, kind))[action]).toBe(decision.ok);
          }
        });
      }
    }
  }

  it('refuses every decision once the project is closed', () => {
    for (const action of HANDOVER_DECISION_ACTIONS)
      expect(decideHandover(action, subjectOf('investigator', 'in_review', 'egress_handover', 'closed'))).toMatchObject({ ok: false, code: 'project.closed' });
  });
});
