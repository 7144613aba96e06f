/**
 * Who may sign off a package in which role, as a table: persona × role → allowed or refused with
 * its code, written out from docs/design.md §4–§5.4 and issue 10 §3 and §5 independently of the
 * policy; then what `signOffAbilities` adds (the package's own refusal, a role already signed).
 */
import { describe, expect, it } from 'vitest';
import { SIGN_OFF_ROLES, type SignOffRole } from '../../common/vocab/destinations';
import { PACKAGE_STATUSES } from '../../common/vocab/statuses';
import type { PackageSubject } from './package.policy';
import { deny } from './policy';
import { type SignOffAbilitySubject, decideSignOff, signOffAbilities } from './sign-off.policy';

type Persona = Partial<PackageSubject> & Pick<PackageSubject, 'actor' | 'role'>;

const PERSONAS: Record<string, Persona> = {
  investigator: { actor: { userId: 'u-inv', systemRole: 'standard' }, role: 'investigator', isAuthor: true },
  researcher: { actor: { userId: 'u-res', systemRole: 'standard' }, role: 'researcher', isAuthor: true },
  'DPR of the datasets': { actor: { userId: 'u-dpr', systemRole: 'standard' }, role: 'data_provider_representative', isDprOfWorkPackage: true, reviewerStanding: 'dpr' },
  'DPR on the author team': { actor: { userId: 'u-dpr3', systemRole: 'standard' }, role: 'data_provider_representative', isDprOfWorkPackage: true, reviewerStanding: 'dpr', isAuthor: true },
  'DPR of another dataset': { actor: { userId: 'u-dpr2', systemRole: 'standard' }, role: 'data_provider_representative' },
  referee: { actor: { userId: 'u-ref', systemRole: 'standard' }, role: 'referee', reviewerStanding: 'referee' },
  'referee who submitted the package': { actor: { userId: 'u-ref2', systemRole: 'standard' }, role: 'referee', reviewerStanding: 'referee', isSubmitter: true },
  'project manager': { actor: { userId: 'u-pm', systemRole: 'standard' }, role: 'project_manager' },
};

/** persona → role → the code of the refusal with the review submitted, or 'ok'. */
const EXPECTED: Record<string, Record<SignOffRole, string>> = {
  investigator: { investigator: 'ok', data_provider_representative: 'sign_off.not_allowed', referee: 'sign_off.not_allowed' },
  researcher: { investigator: 'sign_off.not_allowed', data_provider_representative: 'sign_off.not_allowed', referee: 'sign_off.not_allowed' },
  'DPR of the datasets': { investigator: 'sign_off.not_allowed', data_provider_representative: 'ok', referee: 'sign_off.not_allowed' },
  'DPR on the author team': { investigator: 'sign_off.not_allowed', data_provider_representative: 'package.self_review', referee: 'sign_off.not_allowed' },
  'DPR of another dataset': { investigator: 'sign_off.not_allowed', data_provider_representative: 'sign_off.not_allowed', referee: 'sign_off.not_allowed' },
  referee: { investigator: 'sign_off.not_allowed', data_provider_representative: 'sign_off.not_allowed', referee: 'ok' },
  'referee who submitted the package': { investigator: 'sign_off.not_allowed', data_provider_representative: 'sign_off.not_allowed', referee: 'package.self_review' },
  'project manager': { investigator: 'sign_off.not_allowed', data_provider_representative: 'sign_off.not_allowed', referee: 'sign_off.not_allowed' },
};

function subjectOf(persona: string, over: Partial<SignOffAbilitySubject> = {}, pkg: Partial<PackageSubject> = {}): SignOffAbilitySubject {
  const p = PERSONAS[persona];
  if (!p) throw new Error(persona);
  return {
    package: { projectStatus: 'active', status: 'in_review', isDprOfWorkPackage: false, reviewerStanding: null, isSubmitter: false, isAuthor: false, ...p, ...pkg },
    requiredRoles: SIGN_OFF_ROLES,
    reviewSubmitted: true,
    signable: { ok: true },
    signedRoles: [],
    ...over,
  };
}

const codeOf = (d: ReturnType<typeof decideSignOff>) => (d.ok ? 'ok' : d.code);

describe('who may sign off in which role', () => {
  for (const [persona, roles] of Object.entries(EXPECTED)) {
    it(`${persona}, review submitted`, () => {
      for (const role of SIGN_OFF_ROLES) expect([role, codeOf(decideSignOff(role, subjectOf(persona)))]).toEqual([role, roles[role]]);
      // The abilities answer the same rule for every role at once.
      expect(Object.fromEntries(Object.entries(signOffAbilities(subjectOf(persona))).map(([role, d]) => [role, codeOf(d)]))).toEqual(roles);
    });
  }

  it('makes a reviewer submit their review first; the investigator signs without one', () => {
    const unsubmitted = { reviewSubmitted: false };
    expect(codeOf(decideSignOff('data_provider_representative', subjectOf('DPR of the datasets', unsubmitted)))).toBe('sign_off.review_not_submitted');
    expect(codeOf(decideSignOff('referee', subjectOf('referee', unsubmitted)))).toBe('sign_off.review_not_submitted');
    expect(codeOf(decideSignOff('investigator', subjectOf('investigator', unsubmitted)))).toBe('ok');
  });

  it('takes a sign-off only in review, in an open project, in a role the tier requires', () => {
    for (const status of PACKAGE_STATUSES.filter((s) => s !== 'in_review')) {
      expect(codeOf(decideSignOff('investigator', subjectOf('investigator', {}, { status })))).toBe('sign_off.not_in_review');
    }
    expect(codeOf(decideSignOff('investigator', subjectOf('investigator', {}, { projectStatus: 'closed' })))).toBe('project.closed');
    expect(codeOf(decideSignOff('referee', subjectOf('referee', { requiredRoles: ['investigator', 'data_provider_representative'] })))).toBe('sign_off.role_not_required');
  });
});

describe('the sign-off abilities', () => {
  it('refuse every role with the package’s own refusal while in review (a seed rule, an unagreed tier)', () => {
    const seeded = signOffAbilities(subjectOf('DPR of the datasets', { signable: deny('never approved', 'approval.report_tier_inside') }));
    for (const role of SIGN_OFF_ROLES) expect(codeOf(seeded[role])).toBe('approval.report_tier_inside');
  });

  it('refuse a role the caller holds a live sign-off in, and keep the others', () => {
    const signed = signOffAbilities(subjectOf('investigator', { signedRoles: ['investigator'] }));
    expect(codeOf(signed.investigator)).toBe('sign_off.duplicate');
    expect(codeOf(signOffAbilities(subjectOf('DPR of the datasets', { signedRoles: ['investigator'] })).data_provider_representative)).toBe('ok');
  });

  it('say why a reviewer cannot sign yet, so the panel can ask them to submit', () => {
    expect(codeOf(signOffAbilities(subjectOf('referee', { reviewSubmitted: false })).referee)).toBe('sign_off.review_not_submitted');
  });
});
