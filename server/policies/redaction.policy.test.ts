/**
 * Who may redact a package's files, as a table: every persona × every package status × every
 * redaction action → allowed or refused with its code. The expectations are written out here
 * from issue 13 (the author team redacts its own package while it is a draft or returned;
 * reviewers outside the author team propose during review; the author team accepts or declines),
 * independently of the policy's own tables.
 */
import { describe, expect, it } from 'vitest';
import { PACKAGE_STATUSES, type PackageStatus } from '../../common/vocab/statuses';
import type { PackageSubject } from './package.policy';
import { REDACTION_ACTIONS, type RedactionAction, decideRedaction, redactionAbilities } from './redaction.policy';

type Kind = 'author' | 'reviewer' | 'self' | 'other' | 'unseen';
/** Each persona and what it is here: an author, a reviewer, an author holding a reviewer's role (self), someone else, or someone who cannot see the package. */
const PERSONAS: Record<string, { kind: Kind; subject: Partial<PackageSubject> & Pick<PackageSubject, 'actor' | 'role'> }> = {
  investigator: { kind: 'author', subject: { actor: { userId: 'u-inv', systemRole: 'standard' }, role: 'investigator' } },
  researcher: { kind: 'author', subject: { actor: { userId: 'u-res', systemRole: 'standard' }, role: 'researcher', isAuthor: true } },
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

/** Issue 13, written out: when each action may be taken, and by which kind of person. */
const APPLY_WHEN: PackageStatus[] = ['draft', 'returned'];
const PROPOSE_WHEN: PackageStatus[] = ['in_review'];
const DECIDE_WHEN: PackageStatus[] = ['in_review', 'returned'];

function expected(action: RedactionAction, kind: Kind, status: PackageStatus): 'allow' | string {
  if (kind === 'unseen') return 'package.not_found';
  if (action === 'preview') return expected(PROPOSE_WHEN.includes(status) ? 'propose' : 'apply', kind, status);
  const when = action === 'apply' ? APPLY_WHEN : action === 'propose' ? PROPOSE_WHEN : DECIDE_WHEN;
  if (!when.includes(status)) return 'redaction.not_now';
  if (action === 'propose') return kind === 'reviewer' ? 'allow' : kind === 'author' || kind === 'self' ? 'package.self_review' : 'redaction.not_allowed';
  // apply, accept, decline: the author team as editing knows it (investigators and researchers now).
  return kind === 'author' ? 'allow' : 'redaction.not_allowed';
}

describe('who may redact, in which status', () => {
  for (const action of REDACTION_ACTIONS) {
    for (const status of PACKAGE_STATUSES) {
      it(`${action} while ${status}`, () => {
        for (const [persona, { kind }] of Object.entries(PERSONAS)) {
          const decision = decideRedaction(action, subjectOf(persona, status));
          expect(decision.ok ? 'allow' : decision.code, persona).toBe(expected(action, kind, status));
          expect(redactionAbilities(subjectOf(persona, status))[action], persona).toBe(decision.ok);
        }
      });
    }
  }
});

describe('rules beyond the table', () => {
  it('refuses every action once the project is closed', () => {
    for (const action of REDACTION_ACTIONS) {
      for (const [persona, status] of [
        ['researcher', 'draft'],
        ['dpr', 'in_review'],
        ['investigator', 'in_review'],
      ] as const) {
        expect(decideRedaction(action, subjectOf(persona, status, 'closed')), `${action} ${persona}`).toMatchObject({ ok: false, code: 'project.closed' });
      }
    }
  });

  it('never lets the system redact: a redaction’s provenance names a person', () => {
    const system: PackageSubject = { ...subjectOf('outsider', 'draft'), actor: { userId: null, systemRole: 'system' } };
    expect(decideRedaction('apply', system)).toMatchObject({ ok: false, code: 'redaction.not_allowed' });
    expect(decideRedaction('propose', { ...system, status: 'in_review' })).toMatchObject({ ok: false, code: 'redaction.not_allowed' });
  });

  it('has a rule for every action', () => {
    expect(Object.keys(redactionAbilities(subjectOf('dpr', 'in_review'))).sort()).toEqual([...REDACTION_ACTIONS].sort());
  });
});
