/**
 * The full transition matrix of the package lifecycle (docs/design.md §5.1): every status × every
 * action × every kind of person → allowed or refused with the right code. The expectations are
 * written out here from docs/design.md §5.1, independently of common/workflow, so a change to the table
 * that the design does not make fails this test.
 */
import { describe, expect, it } from 'vitest';
import { PACKAGE_STATUSES, type PackageStatus } from '../../common/vocab/statuses';
import { PACKAGE_TRANSITIONS } from '../../common/workflow/package.workflow';
import { type PackageSubject, decideEdit, decideTransition, packageAbilities } from './package.policy';

const PERSONAS = {
  investigator: { systemRole: 'standard', role: 'investigator' },
  researcher: { systemRole: 'standard', role: 'researcher' },
  dpr: { systemRole: 'standard', role: 'data_provider_representative', dprOfWorkPackage: true },
  other_dpr: { systemRole: 'standard', role: 'data_provider_representative' },
  referee: { systemRole: 'standard', role: 'referee' },
  project_manager: { systemRole: 'standard', role: 'project_manager' },
  programme_manager: { systemRole: 'programme_manager', role: null },
  system_manager: { systemRole: 'system_manager', role: null },
  system: { systemRole: 'system', role: null },
  outsider: { systemRole: 'standard', role: null },
} as const;
type Persona = keyof typeof PERSONAS;

const AUTHORS: Persona[] = ['investigator', 'researcher'];
const REVIEWERS: Persona[] = ['dpr', 'referee'];

/** docs/design.md §5.1, row by row: `from:action` → who may. */
const EXPECTED: Record<string, { to: PackageStatus; who: Persona[] }> = {
  'draft:submit': { to: 'checking', who: AUTHORS },
  'draft:withdraw': { to: 'withdrawn', who: AUTHORS },
  'returned:withdraw': { to: 'withdrawn', who: AUTHORS },
  'checking:checks_finished': { to: 'in_review', who: ['system'] },
  'checking:fail': { to: 'failed', who: ['system'] },
  'releasing:fail': { to: 'failed', who: ['system'] },
  'failed:retry': { to: 'checking', who: [...AUTHORS, 'system_manager'] },
  'in_review:return': { to: 'returned', who: REVIEWERS },
  'returned:resubmit': { to: 'checking', who: AUTHORS },
  'in_review:approve': { to: 'approved', who: ['system'] },
  'in_review:retain': { to: 'retained', who: [...REVIEWERS, 'project_manager', 'programme_manager'] },
  'in_review:reject': { to: 'rejected', who: REVIEWERS },
  // Re-check under the settings in force: reviewers and the managers who own the settings, never the authors.
  'in_review:recheck': { to: 'checking', who: [...REVIEWERS, 'programme_manager', 'system_manager'] },
  // Issue 13: accepting a reviewer's proposed redaction starts a new review turn.
  'in_review:accept_redaction': { to: 'checking', who: AUTHORS },
  // Issue 10: reopening the work package's classification sends an approved package back to review.
  'approved:classification_reopened': { to: 'in_review', who: ['system'] },
  'approved:return': { to: 'returned', who: REVIEWERS },
  'approved:release': { to: 'releasing', who: ['system_manager'] },
  'releasing:released': { to: 'released', who: ['system'] },
  'released:revoke': { to: 'revoked', who: ['system_manager', 'dpr'] },
};
const ACTIONS = [
  'submit',
  'withdraw',
  'checks_finished',
  'fail',
  'retry',
  'return',
  'resubmit',
  'approve',
  'retain',
  'reject',
  'recheck',
  'release',
  'released',
  'revoke',
  'classification_reopened',
  'accept_redaction',
];

function subject(persona: Persona, status: PackageStatus, extra: Partial<PackageSubject> = {}): PackageSubject {
  const p = PERSONAS[persona];
  return {
    actor: { userId: persona === 'system' ? null : `user-${persona}`, systemRole: p.systemRole },
    role: p.role,
    projectStatus: 'closing',
    status,
    isDprOfWorkPackage: 'dprOfWorkPackage' in p,
    reviewerStanding: 'dprOfWorkPackage' in p ? 'dpr' : p.role === 'referee' ? 'referee' : null,
    isSubmitter: false,
    isAuthor: false,
    ...extra,
  };
}

describe('the package transition table', () => {
  it('holds exactly the moves of docs/design.md §5.1 (every status × every target)', () => {
    const pairs = (rows: { from: string; to: string }[]) => [...new Set(rows.map((r) => `${r.from}→${r.to}`))].sort();
    const designed = Object.entries(EXPECTED).map(([key, e]) => ({ from: key.split(':')[0] as string, to: e.to }));
    designed.push({ from: 'failed', to: 'releasing' });
    expect(pairs([...PACKAGE_TRANSITIONS])).toEqual(pairs(designed));
    for (const from of PACKAGE_STATUSES) {
      for (const to of PACKAGE_STATUSES) {
        const inTable = PACKAGE_TRANSITIONS.some((t) => t.from === from && t.to === to);
        expect(inTable, `${from} → ${to}`).toBe(designed.some((d) => d.from === from && d.to === to));
      }
    }
  });

  it('gives every move its own audit event name under package.*', () => {
    for (const t of PACKAGE_TRANSITIONS) expect(t.event).toMatch(/^package\.[a-z_]+$/);
  });
});

describe('who may make each move', () => {
  for (const status of PACKAGE_STATUSES) {
    for (const action of ACTIONS) {
      const expected = EXPECTED[`${status}:${action}`];
      it(`${status} × ${action}: ${expected ? expected.who.join(', ') : 'nobody (not a move)'}`, () => {
        for (const persona of Object.keys(PERSONAS) as Persona[]) {
          const decision = decideTransition(subject(persona, status), action);
          const allowed = expected?.who.includes(persona) ?? false;
          expect(decision.ok, `${persona}`).toBe(allowed);
          if (decision.ok) continue;
          if (persona === 'outsider') expect(decision.code).toBe('package.not_found');
          else if (!expected) expect(decision.code, persona).toBe('workflow.invalid_transition');
          else expect(decision.code, persona).toBe('workflow.not_allowed');
        }
      });
    }
  }
});

describe('rules beyond the table', () => {
  it('does not let a DPR or referee who submitted the package review it', () => {
    for (const persona of ['dpr', 'referee'] as const) {
      for (const action of ['return', 'reject', 'retain', 'recheck']) {
        const decision = decideTransition(subject(persona, 'in_review', { isSubmitter: true }), action);
        expect(decision).toMatchObject({ ok: false, code: 'package.self_review' });
      }
    }
  });

  // Nobody re-checks a package they submitted or whose author team they are on, whatever other role they hold.
  const SELF_RECHECK: { who: string; persona: Persona; extra: Partial<PackageSubject> }[] = [
    { who: 'a programme manager who is a researcher and submitted', persona: 'programme_manager', extra: { role: 'researcher', isSubmitter: true } },
    { who: 'a programme manager who is an investigator and submitted', persona: 'programme_manager', extra: { role: 'investigator', isSubmitter: true } },
    { who: 'a system manager who is a researcher and submitted', persona: 'system_manager', extra: { role: 'researcher', isSubmitter: true } },
    { who: 'a system manager who is an investigator and submitted', persona: 'system_manager', extra: { role: 'investigator', isSubmitter: true } },
    { who: 'a programme manager on the author team who did not submit', persona: 'programme_manager', extra: { role: 'investigator' } },
    { who: 'a system manager on the author team who did not submit', persona: 'system_manager', extra: { role: 'researcher' } },
    { who: 'a programme manager who submitted and has since left the author team', persona: 'programme_manager', extra: { isSubmitter: true } },
    { who: 'a system manager who submitted and is now a referee', persona: 'system_manager', extra: { role: 'referee', isSubmitter: true } },
    { who: 'a DPR of the work package who submitted', persona: 'dpr', extra: { isSubmitter: true } },
  ];
  for (const { who, persona, extra } of SELF_RECHECK) {
    it(`refuses a re-check to ${who} (package.self_review)`, () => {
      expect(decideTransition(subject(persona, 'in_review', extra), 'recheck')).toMatchObject({ ok: false, code: 'package.self_review' });
      expect(packageAbilities(subject(persona, 'in_review', extra)).recheck).toBe(false);
      // The same person without the authorship may re-check.
      expect(decideTransition(subject(persona, 'in_review'), 'recheck').ok).toBe(true);
    });
  }

  it('refuses the release to a system manager who submitted the package or is on its author team (package.self_review)', () => {
    for (const extra of [{ role: 'investigator' as const }, { role: 'researcher' as const }, { isSubmitter: true }]) {
      expect(decideTransition(subject('system_manager', 'approved', extra), 'release')).toMatchObject({ ok: false, code: 'package.self_review' });
      expect(packageAbilities(subject('system_manager', 'approved', extra)).release).toBe(false);
    }
    expect(decideTransition(subject('system_manager', 'approved'), 'release').ok).toBe(true);
  });

  it('still lets a manager on the author team act as an author', () => {
    expect(decideTransition(subject('system_manager', 'draft', { role: 'investigator' }), 'submit').ok).toBe(true);
    expect(decideTransition(subject('programme_manager', 'draft', { role: 'researcher' }), 'submit').ok).toBe(true);
  });

  it('freezes every package of a closed project for people, but lets the system finish its work', () => {
    expect(decideTransition(subject('investigator', 'draft', { projectStatus: 'closed' }), 'submit')).toMatchObject({ ok: false, code: 'project.closed' });
    expect(decideEdit(subject('investigator', 'draft', { projectStatus: 'closed' }))).toMatchObject({ ok: false, code: 'project.closed' });
    expect(decideTransition(subject('system', 'checking', { projectStatus: 'closed' }), 'checks_finished').ok).toBe(true);
  });

  it('lets only the author team edit, and only a draft or a returned package', () => {
    for (const status of PACKAGE_STATUSES) {
      for (const persona of Object.keys(PERSONAS) as Persona[]) {
        const expected = (AUTHORS.includes(persona) || persona === 'system') && (status === 'draft' || status === 'returned');
        expect(decideEdit(subject(persona, status)).ok, `${persona} editing ${status}`).toBe(expected);
      }
    }
    expect(decideEdit(subject('dpr', 'draft'))).toMatchObject({ ok: false, code: 'workflow.not_allowed' });
    expect(decideEdit(subject('researcher', 'in_review'))).toMatchObject({ ok: false, code: 'package.not_editable' });
  });

  it('lists abilities that agree with the decisions', () => {
    const abilities = packageAbilities(subject('researcher', 'draft'));
    expect(abilities).toMatchObject({ view: true, edit: true, submit: true, withdraw: true, return: false, release: false });
    expect(packageAbilities(subject('dpr', 'in_review'))).toMatchObject({ edit: false, return: true, reject: true, retain: true, recheck: true, submit: false });
    expect(packageAbilities(subject('researcher', 'in_review'))).toMatchObject({ recheck: false });
    expect(packageAbilities(subject('programme_manager', 'in_review'))).toMatchObject({ recheck: true, return: false });
  });
});
