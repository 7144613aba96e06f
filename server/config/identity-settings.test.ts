/** Identity settings from the environment: defaults, optional roles, and what is refused. */
import { describe, expect, it } from 'vitest';
import { loadIdentitySettings } from './identity-settings';

describe('identity settings', () => {
  it('requires the second factor for everyone and counts failures per account and address by default', () => {
    expect(loadIdentitySettings({})).toEqual({
      settings: { secondFactor: { optionalRoles: [] }, signInLimits: { maxPerAccount: 5, maxPerAddress: 50, windowMs: 15 * 60_000 } },
      problems: [],
    });
  });

  it('reads the optional roles and the limits', () => {
    const { settings, problems } = loadIdentitySettings({
      SECOND_FACTOR_OPTIONAL_ROLES: ' standard , programme_manager',
      LOGIN_MAX_ACCOUNT_FAILURES: '3',
      LOGIN_MAX_ATTEMPTS: '100',
      LOGIN_WINDOW_MINUTES: '30',
    });
    expect(problems).toEqual([]);
    expect(settings).toEqual({ secondFactor: { optionalRoles: ['standard', 'programme_manager'] }, signInLimits: { maxPerAccount: 3, maxPerAddress: 100, windowMs: 30 * 60_000 } });
  });

  it('refuses making the factor optional for system managers, an unknown role and a bad number, all at once', () => {
    const { problems } = loadIdentitySettings({ SECOND_FACTOR_OPTIONAL_ROLES: 'system_manager,root', LOGIN_MAX_ACCOUNT_FAILURES: 'many' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain('never optional for system managers');
    expect(problems.join('\n')).toContain('unknown system role "root"');
    expect(problems.join('\n')).toContain('LOGIN_MAX_ACCOUNT_FAILURES');
  });
});
