/** Sign in, who am I, sign out: cookies, CSRF, expiry and the sign-in rate limit, on every dialect. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_ACTIONS } from '../../policies/session.policy';
import { TEST_DIALECTS } from '../../testing/databases';
import { TEST_PASSWORD } from '../../testing/factories';
import { type TestApp, expectError, sessionCookieOf, startTestApp } from '../app.testing';

const USER_KEYS = ['createdAt', 'disabled', 'email', 'id', 'name', 'secondFactor', 'systemRole'];

describe.each(TEST_DIALECTS)('session routes on %s', (dialect) => {
  let t: TestApp;
  const open = async () => {
    t = await startTestApp(dialect);
  };

  // Each attempt from an address of its own, unless a test is about the per-address limit.
  let attempts = 0;
  const signInRaw = (payload: unknown, remoteAddress = `10.1.${Math.floor(attempts / 250)}.${(attempts++ % 250) + 1}`) =>
    t.app.inject({ method: 'POST', url: '/api/v1/session', payload: payload as object, remoteAddress });

  describe('reads and refusals, sharing one world', () => {
    beforeAll(open);
    afterAll(async () => t.close());

    it('answers who is signed in with the same CSRF token and the abilities of their system role', async () => {
      const signed = await t.signIn('programme');
      const res = await t.as('programme').get('/api/v1/session');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(Object.keys(body.user).sort()).toEqual(USER_KEYS);
      expect(body.user.id).toBe(t.world.users.programme?.id);
      expect(body.csrfToken).toBe(signed.csrfToken);
      expect(body.abilities).toEqual({ createProject: true, manageUsers: false, listUsers: true, importQuestionSet: false, publishTierPolicy: false, viewAllAudit: false, seeAllProjects: true });
    });

    it('never returns a password hash in the session user', async () => {
      const res = await t.as('sysadmin').get('/api/v1/session');
      expect(res.body).not.toMatch(/password/i);
      expect(res.body).not.toContain('$argon2');
    });

    it('refuses who-am-I without a cookie, or with an unknown token, as unauthenticated', async () => {
      expectError(await t.anonymous.get('/api/v1/session'), 401, 'auth.unauthenticated');
      const forged = await t.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { egress_session: 'not-a-real-token' } });
      expectError(forged, 401, 'auth.unauthenticated');
    });

    it('refuses a wrong password and an unknown email alike, opening no session and auditing the failure', async () => {
      const before = await t.counts();
      const wrong = await signInRaw({ email: 'investigator@example.org', password: 'not the password' });
      expectError(wrong, 401, 'auth.invalid_credentials');
      expect(sessionCookieOf(wrong)).toBeUndefined();
      const unknown = await signInRaw({ email: 'nobody@example.org', password: TEST_PASSWORD });
      expectError(unknown, 401, 'auth.invalid_credentials');
      expect(unknown.json().error.message).toBe(wrong.json().error.message);
      const after = await t.counts();
      // Each failure is audited and counted towards the sign-in limits; no session is opened.
      expect(after).toEqual({ ...before, audit_events: (before.audit_events ?? 0) + 2, sign_in_failures: (before.sign_in_failures ?? 0) + 2 });
    });

    it.each([
      ['a missing password', { email: 'investigator@example.org' }],
      ['a missing email', { password: TEST_PASSWORD }],
      ['a password that is not a string', { email: 'investigator@example.org', password: 12345 }],
      ['an email that is not an address', { email: 'investigator', password: TEST_PASSWORD }],
      ['an unknown extra field', { email: 'investigator@example.org', password: TEST_PASSWORD, remember: true }],
    ])('refuses a sign-in with %s as invalid input and changes nothing', async (_label, payload) => {
      const before = await t.counts();
      const res = await signInRaw(payload);
      expectError(res, 422, 'validation.invalid_input');
      expect(sessionCookieOf(res)).toBeUndefined();
      expect(await t.counts()).toEqual(before);
    });

    it('refuses to sign out without the CSRF token, or with a wrong one, and the session stays valid', async () => {
      await t.signIn('dpr');
      const before = await t.counts();
      expectError(await t.as('dpr').delete('/api/v1/session', { csrf: null }), 403, 'auth.csrf_invalid');
      expectError(await t.as('dpr').delete('/api/v1/session', { csrf: 'wrong-token' }), 403, 'auth.csrf_invalid');
      expect(await t.counts()).toEqual(before);
      expect((await t.as('dpr').get('/api/v1/session')).statusCode).toBe(200);
    });

    it('refuses sign-out without a session as unauthenticated', async () => {
      expectError(await t.anonymous.delete('/api/v1/session'), 401, 'auth.unauthenticated');
    });
  });

  describe('changes, each in a fresh world', () => {
    beforeEach(open);
    afterEach(async () => t.close());

    it('signs in with an httpOnly SameSite=Lax session cookie and returns the user, CSRF token and abilities', async () => {
      const res = await signInRaw({ email: 'Investigator@Example.org ', password: TEST_PASSWORD });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'egress_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.secure).toBeFalsy();
      expect(cookie?.value.length).toBeGreaterThanOrEqual(32);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['abilities', 'csrfToken', 'expiresAt', 'user']);
      expect(Object.keys(body.user).sort()).toEqual(USER_KEYS);
      expect(body.user).toMatchObject({ email: 'investigator@example.org', systemRole: 'standard', disabled: false });
      expect(body.expiresAt).toBe(new Date(t.world.clock.now().getTime() + 12 * 3600_000).toISOString());
      expect(Object.keys(body.abilities).sort()).toEqual([...SESSION_ACTIONS].sort());
      expect(body.csrfToken).not.toBe(cookie?.value);
    });

    it.each([
      { cookieSecure: 'true', trustProxy: false, forwarded: undefined, secure: true },
      { cookieSecure: 'false', trustProxy: true, forwarded: 'https', secure: false },
      { cookieSecure: 'auto', trustProxy: true, forwarded: 'https', secure: true },
      { cookieSecure: 'auto', trustProxy: true, forwarded: 'http', secure: false },
      { cookieSecure: 'auto', trustProxy: false, forwarded: 'https', secure: false },
    ] as const)('sets the Secure flag with COOKIE_SECURE=$cookieSecure, TRUST_PROXY=$trustProxy, X-Forwarded-Proto $forwarded → $secure', async (c) => {
      await t.close();
      t = await startTestApp(dialect, { cookieSecure: c.cookieSecure, trustProxy: c.trustProxy });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'investigator@example.org', password: TEST_PASSWORD },
        remoteAddress: '10.9.0.1',
        headers: c.forwarded ? { 'x-forwarded-proto': c.forwarded } : {},
      });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((x) => x.name === 'egress_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(Boolean(cookie?.secure)).toBe(c.secure);
    });

    it('expires a session after 30 idle minutes', async () => {
      await t.signIn('researcher');
      t.world.clock.advance(31 * 60_000);
      expectError(await t.as('researcher').get('/api/v1/session'), 401, 'auth.session_expired');
    });

    it('keeps an active session alive past 30 minutes but ends it at the 12-hour limit', async () => {
      await t.signIn('researcher');
      for (let minutes = 0; minutes < 12 * 60 - 25; minutes += 25) {
        t.world.clock.advance(25 * 60_000);
        expect((await t.as('researcher').get('/api/v1/session')).statusCode).toBe(200);
      }
      t.world.clock.advance(25 * 60_000);
      expectError(await t.as('researcher').get('/api/v1/session'), 401, 'auth.session_expired');
    });

    it('signs out by revoking the session and clearing the cookie, so the next request is unauthenticated', async () => {
      const res = await t.as('dpr').delete('/api/v1/session');
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      const cleared = res.cookies.find((c) => c.name === 'egress_session');
      expect(cleared?.value).toBe('');
      expectError(await t.as('dpr').get('/api/v1/session'), 401, 'auth.unauthenticated');
      const row = await t.database.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('user_id', '=', t.world.users.dpr?.id as string)
        .executeTakeFirstOrThrow();
      expect(row.revoked_at).toBe(t.world.clock.now().toISOString());
    });

    it('refuses a disabled account at sign-in and ends its open sessions', async () => {
      await t.signIn('referee');
      await t.database.db.updateTable('users').set({ disabled: 1 }).where('email', '=', 'referee@example.org').execute();
      // The same refusal as a wrong password: a refusal never says why (docs/identity.md).
      expectError(await signInRaw({ email: 'referee@example.org', password: TEST_PASSWORD }), 401, 'auth.invalid_credentials');
      expectError(await t.as('referee').get('/api/v1/session'), 401, 'auth.unauthenticated');
    });

    it('locks an account after five failed sign-ins, refusing even the right password with the same answer', async () => {
      for (let i = 0; i < 5; i += 1) {
        expectError(await signInRaw({ email: 'pm@example.org', password: 'guess number one' }, '10.9.9.9'), 401, 'auth.invalid_credentials');
      }
      const before = await t.counts();
      const limited = await signInRaw({ email: 'pm@example.org', password: TEST_PASSWORD }, '10.9.9.10');
      expectError(limited, 401, 'auth.invalid_credentials');
      expect(sessionCookieOf(limited)).toBeUndefined();
      // Only the refusal's audit event: no session, and the refusal of a locked account is not counted again.
      expect(await t.counts()).toEqual({ ...before, audit_events: (before.audit_events ?? 0) + 1 });
      // Another account from the same address is not affected.
      expect((await signInRaw({ email: 'dpr@example.org', password: TEST_PASSWORD }, '10.9.9.9')).statusCode).toBe(200);
    });
  });
});
