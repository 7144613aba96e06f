/**
 * Who may answer a package's findings, as a table: every persona × every package status × every
 * answer → allowed or refused with its code. The expectations are written out here from issue 10
 * §4 (authors ask for exceptions before and during review; reviewers outside the author team
 * override, refuse and acknowledge during review), independently of the policy's own tables.
 */
import { describe, expect, it } from 'vitest';
import { PACKAGE_STATUSES, type PackageStatus } from '../../common/vocab/statuses';
import { FINDING_RESPONSE_ACTIONS, type FindingResponseAction, decideFindingResponse, findingResponseAbilities } from './finding-response.policy';
import type { PackageSubject } from './package.policy';

type Kind = 'author' | 'reviewer' | 'self' | 'other' | 'unseen';
/** Each persona, its subject, and what it is for the answers: an author, a reviewer, an author holding a reviewer's role (self), someone else, or someone who cannot see the package. */
const PERSONAS: Record<string, { kind: Kind; subject: Partial<PackageSubject> & Pick<PackageSubject, 'actor' | 'role'> }> = {
  investigator: { kind: 'author', subject: { actor: { userId: 'u-inv', systemRole: 'standard' }, role: 'investigator' } },
  researcher: { kind: 'author', subject: { actor: { userId: 'u-res', systemRole: 'standard' }, role: 'researcher' } },
  dpr: { kind: 'reviewer', subject: { actor: { userId: 'u-dpr', systemRole: 'standard' }, role: 'data_provider_representative', isDprOfWorkPackage: true, reviewerStanding: 'dpr' } },
  referee: { kind: 'reviewer', subject: { actor: { userId: 'u-ref', systemRole: 'standard' }, role: 'referee', reviewerStanding: 'referee' } },
  'referee not needed by the tier': { kind: 'other', subject: { actor: { userId: 'u-ref2', systemRole: 'standard' }, role: 'referee' } },
  'DPR of another dataset': { kind: 'other', subject: { actor: { userId: 'u-dpr2', systemRole: 'standard' }, role: 'data_provider_representative' } },
  'project manager': { kind: 'other', subject: { actor: { userId: 'u-pm', systemRole: 'standard' }, role: 'project_manager' } },
  'programme manager': { kind: 'other', subject: { actor: { userId: 'u-prog', systemRole: 'programme_manager' }, role: null } },
  'system manager': { kind: 'other', subject: { actor: { userId: 'u-sys', systemRole: 'system_manager' }, role: null } },
  'former researcher, now a DPR of the datasets': {
    kind: 'self',
    subject: { actor: { userId: 'u-x', systemRole: 'standard' }, role: 'data_provider_representative', isDprOfWorkPackage: true, reviewerStanding: 'dpr', isAuthor: true },
  },
  'DPR of the datasets who submitted': {
    kind: 'self',
    subject: { actor: { userId: 'u-y', systemRole: 'standard' }, role: 'data_provider_representative', isDprOfWorkPackage: true, reviewerStanding: 'dpr', isSubmitter: true, isAuthor: true },
  },
  'programme manager who is a researcher': { kind: 'author', subject: { actor: { userId: 'u-z', systemRole: 'programme_manager' }, role: 'researcher', isAuthor: true } },
  outsider: { kind: 'unseen', subject: { actor: { userId: 'u-out', systemRole: 'standard' }, role: null } },
};

function subjectOf(persona: string, status: PackageStatus, projectStatus: PackageSubject['projectStatus'] = 'active'): PackageSubject {
  const p = PERSONAS[persona];
  if (!p) throw new Error(persona);
  return { projectStatus, status, isDprOfWorkPackage: false, reviewerStanding: null, isSubmitter: false, isAuthor: false, ...p.subject };
}

/** Issue 10 §4, written out: when each answer may be given, and by which kind of person. */
const WHEN: Record<FindingResponseAction, PackageStatus[]> = {
  requestException: ['draft', 'returned', 'in_review'],
  override: ['in_review'],
  refuseException: ['in_review'],
  acknowledge: ['in_review'],
};
function expected(action: FindingResponseAction, kind: Kind, status: PackageStatus): 'allow' | string {
  if (kind === 'unseen') return 'package.not_found';
  if (!WHEN[action].includes(status)) return 'finding.not_answerable';
  if (action === 'requestException') return kind === 'author' || kind === 'self' ? 'allow' : 'workflow.not_allowed';
  if (kind === 'reviewer') return 'allow';
  return kind === 'author' || kind === 'self' ? 'package.self_review' : 'workflow.not_allowed';
}

describe('who may answer a finding, in which status', () => {
  for (const action of FINDING_RESPONSE_ACTIONS) {
    for (const status of PACKAGE_STATUSES) {
      it(`${action} while ${status}`, () => {
        for (const [persona, { kind }] of Object.entries(PERSONAS)) {
          const decision = decideFindingResponse(action, subjectOf(persona, status));
          expect(decision.ok ? 'allow' : decision.code, persona).toBe(expected(action, kind, status));
          expect(findingResponseAbilities(subjectOf(persona, status))[action], persona).toBe(decision.ok);
        }
      });
    }
  }
});

describe('rules beyond the table', () => {
  it('refuses every answer once the project is closed', () => {
    for (const action of FINDING_RESPONSE_ACTIONS) {
      for (const persona of ['researcher', 'dpr']) expect(decideFindingResponse(action, subjectOf(persona, 'in_review', 'closed'))).toMatchObject({ ok: false, code: 'project.closed' });
    }
  });

  it('has a rule for every answer', () => {
    expect(Object.keys(findingResponseAbilities(subjectOf('dpr', 'in_review'))).sort()).toEqual([...FINDING_RESPONSE_ACTIONS].sort());
  });
});
