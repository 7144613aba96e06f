/** The pure identity rules: the password policy, who needs a second factor, when sign-in limits lock. */
import { describe, expect, it } from 'vitest';
import { FALLBACK_COMMON_PASSWORDS } from './common-passwords.fallback';
import { passwordProblem } from './password-policy';
import { SECOND_FACTOR_ENFORCED, SECOND_FACTOR_OPTIONAL, secondFactorRequired } from './second-factor-policy';
import { lockedOut } from './sign-in-limits';

const policy = { common: new Set(FALLBACK_COMMON_PASSWORDS) };

describe('the password policy', () => {
  it.each([
    ['short1', 'use at least 12 characters'],
    ['Password1234', 'it is on a list of common passwords; choose another'],
    ['QWERTY123456', 'it is on a list of common passwords; choose another'],
    ['ada.lovelace@example.org', 'it must not be your email address'],
    ['ada.lovelace', 'it must not be your email address'],
    ['ADA.LOVELACE.X', null],
    ['a long enough password', null],
  ])('answers %j with %j', (password, problem) => {
    expect(passwordProblem(password, policy, 'ada.lovelace@example.org')).toBe(problem);
  });

  it('counts characters, not UTF-16 units, towards the minimum length', () => {
    expect(passwordProblem('🔑'.repeat(11), policy)).toBe('use at least 12 characters');
    expect(passwordProblem('🔑'.repeat(12), policy)).toBeNull();
  });

  it('ships only lower-case fallback entries of at least 12 characters (shorter ones are refused by length)', () => {
    for (const p of FALLBACK_COMMON_PASSWORDS) expect({ p, ok: p === p.toLowerCase() && p.length >= 12 }).toEqual({ p, ok: true });
  });
});

describe('who must have a second factor', () => {
  it.each([
    ['system_manager', { optionalRoles: ['standard', 'programme_manager'] }, true],
    ['programme_manager', { optionalRoles: ['standard', 'programme_manager'] }, false],
    ['standard', { optionalRoles: ['standard'] }, false],
    ['programme_manager', { optionalRoles: ['standard'] }, true],
    ['standard', SECOND_FACTOR_ENFORCED, true],
    ['system_manager', SECOND_FACTOR_OPTIONAL, false],
  ] as const)('%s under %j: required %s', (role, p, required) => {
    expect(secondFactorRequired(p, role)).toBe(required);
  });
});

describe('sign-in limits', () => {
  const limits = { maxPerAccount: 5, maxPerAddress: 50, windowMs: 900_000 };
  it.each([
    [{ account: 4, address: 49 }, false],
    [{ account: 5, address: 0 }, true],
    [{ account: 0, address: 50 }, true],
  ])('locks %j: %s', (failures, locked) => {
    expect(lockedOut(failures, limits)).toBe(locked);
  });
});
