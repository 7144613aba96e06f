/**
 * Account lifecycle and sign-in limits through the API: disabling stops sessions and API tokens
 * on the next request, a generated password replaces the old one, a system manager lists and ends
 * sessions, only failed sign-ins count (per account and per address) and a system manager lifts a
 * lock-out; and every role against every new system-manager route. SQLite and PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../commands/api-tokens.commands';
import { TEST_DIALECTS } from '../../testing/databases';
import { TEST_PASSWORD, type World } from '../../testing/factories';
import { type TestApp, expectError, sessionCookieOf, startTestApp } from '../app.testing';
import { browserFor } from './identity.testing';

const signInFrom = (t: TestApp, email: string, password: string, remoteAddress: string) => t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress });

describe.each(TEST_DIALECTS)('account lifecycle routes on %s', (dialect) => {
  let t: TestApp;
  const idOf = (key: string) => t.world.users[key]?.id as string;
  const actions = async (action: string) => t.database.db.selectFrom('audit_events').select(['actor_id', 'object_id', 'summary']).where('action', '=', action).orderBy('seq').execute();

  describe('every role against the system-manager routes', () => {
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t.close());

    const routes = (target: string): [string, 'GET' | 'POST' | 'DELETE', string, unknown][] => [
      ['disable', 'POST', `/api/v1/users/${target}/disable`, {}],
      ['enable', 'POST', `/api/v1/users/${target}/enable`, {}],
      ['password-reset', 'POST', `/api/v1/users/${target}/password-reset`, {}],
      ['second-factor reset', 'POST', `/api/v1/users/${target}/second-factor/reset`, {}],
      ['sessions', 'GET', `/api/v1/users/${target}/sessions`, undefined],
      ['end sessions', 'DELETE', `/api/v1/users/${target}/sessions`, undefined],
      ['end one session', 'DELETE', `/api/v1/users/${target}/sessions/${'a'.repeat(64)}`, undefined],
      ['locks', 'GET', '/api/v1/sign-in-locks', undefined],
      ['lift', 'POST', '/api/v1/sign-in-locks/lift', { email: 'outsider@example.org' }],
    ];

    it.each(['programme', 'investigator', 'researcher', 'dpr', 'referee', 'pm', 'outsider'])('refuses %s on every system-manager route and changes nothing', async (key) => {
      await t.signInAll(key, 'sysadmin');
      const before = await t.counts();
      for (const [, method, url, payload] of routes(idOf('outsider'))) {
        const client = t.as(key);
        const res = method === 'GET' ? await client.get(url) : method === 'DELETE' ? await client.delete(url) : await client.post(url, payload);
        expectError(res, 403, 'auth.forbidden');
      }
      expect(await t.counts()).toEqual(before);
    });

    it('lets a system manager reach every route (on an account with nothing to change)', async () => {
      for (const [label, method, url, payload] of routes(idOf('outsider'))) {
        const client = t.as('sysadmin');
        const res = method === 'GET' ? await client.get(url) : method === 'DELETE' ? await client.delete(url) : await client.post(url, payload);
        expect({ label, status: res.statusCode }).toEqual({ label, status: label === 'second-factor reset' ? 204 : 200 });
      }
    });

    it('refuses an API token on every system-manager route', async () => {
      const { secret } = await createApiToken(t.world.users.researcher?.ctx as World['users'][string]['ctx'], { name: 'script', projectId: t.world.projectId, scopes: ['packages:read'] });
      for (const [, method, url] of routes(idOf('outsider'))) {
        const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, remoteAddress: '10.0.0.9', ...(method === 'POST' ? { payload: {} } : {}) });
        expectError(res, 403, 'token.scope');
      }
    });

    it('refuses an unknown account with user.not_found and a system manager disabling themself with user.self_action', async () => {
      expectError(await t.as('sysadmin').post('/api/v1/users/no-such-user/disable', {}), 404, 'user.not_found');
      expectError(await t.as('sysadmin').post(`/api/v1/users/${idOf('sysadmin')}/disable`, {}), 409, 'user.self_action');
    });
  });

  describe('changes, each in a fresh world', () => {
    beforeEach(async () => {
      t = await startTestApp(dialect);
    });
    afterEach(async () => t.close());

    it('disables an account: its old cookie and its API token are refused on the very next request, and work again once enabled', async () => {
      const researcher = t.world.users.researcher as World['users'][string];
      const { secret } = await createApiToken(researcher.ctx, { name: 'script', projectId: t.world.projectId, scopes: ['packages:read'] });
      const byToken = () => t.app.inject({ method: 'GET', url: '/api/v1/tokens/current', headers: { authorization: `Bearer ${secret}` }, remoteAddress: '10.0.0.9' });
      expect((await t.as('researcher').get('/api/v1/session')).statusCode).toBe(200);
      expect((await byToken()).statusCode).toBe(200);

      const disabled = await t.as('sysadmin').post(`/api/v1/users/${researcher.id}/disable`, {});
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toMatchObject({ id: researcher.id, disabled: true });
      expectError(await t.as('researcher').get('/api/v1/session'), 401, 'auth.unauthenticated');
      expectError(await t.as('researcher').get('/api/v1/projects'), 401, 'auth.unauthenticated');
      expectError(await byToken(), 401, 'token.invalid');
      expectError(await signInFrom(t, researcher.email, TEST_PASSWORD, '10.6.0.1'), 401, 'auth.invalid_credentials');
      expect(await actions('user.disabled')).toMatchObject([{ actor_id: idOf('sysadmin'), object_id: researcher.id }]);

      expect((await t.as('sysadmin').post(`/api/v1/users/${researcher.id}/enable`, {})).json()).toMatchObject({ disabled: false });
      expect((await byToken()).statusCode).toBe(200);
      // The old session was ended for good; a new sign-in works.
      expectError(await t.as('researcher').get('/api/v1/session'), 401, 'auth.unauthenticated');
      expect((await signInFrom(t, researcher.email, TEST_PASSWORD, '10.6.0.1')).statusCode).toBe(200);
      expect(await actions('user.enabled')).toHaveLength(1);
    });

    it('resets a password to a generated one shown once: the old password and sessions stop, the new one signs in', async () => {
      await t.signIn('dpr');
      const res = await t.as('sysadmin').post(`/api/v1/users/${idOf('dpr')}/password-reset`, {});
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const { password } = res.json();
      expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expectError(await t.as('dpr').get('/api/v1/session'), 401, 'auth.unauthenticated');
      expectError(await signInFrom(t, 'dpr@example.org', TEST_PASSWORD, '10.6.0.2'), 401, 'auth.invalid_credentials');
      expect((await signInFrom(t, 'dpr@example.org', password, '10.6.0.2')).statusCode).toBe(200);
      const audit = JSON.stringify(await t.database.db.selectFrom('audit_events').selectAll().execute());
      expect(audit).not.toContain(password);
      expect(await actions('user.password_reset')).toMatchObject([{ object_id: idOf('dpr') }]);
    });

    it('refuses a common password when creating an account, naming the reason and creating nothing', async () => {
      await t.signInAll('sysadmin');
      const before = await t.counts();
      const res = await t.as('sysadmin').post('/api/v1/users', { email: 'grace@example.org', name: 'Grace', password: 'Password1234', systemRole: 'standard' });
      expectError(res, 422, 'user.password_weak');
      expect(res.json().error.message).toContain('common passwords');
      expect(res.body).not.toContain('Password1234');
      expect(await t.counts()).toEqual(before);
    });

    it('lists a person’s open sessions and ends one or all of them', async () => {
      const researcher = browserFor(t, 'researcher@example.org', '10.6.0.3');
      const laptop = browserFor(t, 'researcher@example.org', '10.6.0.4');
      await researcher.signIn();
      await laptop.signIn();
      const list = await t.as('sysadmin').get(`/api/v1/users/${idOf('researcher')}/sessions`);
      const { sessions } = list.json();
      expect(sessions).toHaveLength(2);
      for (const s of sessions) expect(Object.keys(s).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastSeenAt', 'stage']);
      expect(list.body).not.toContain(researcher.cookie() as string);

      // End one of the two: exactly one browser is signed out.
      const laptopSession = sessions[1];
      const one = await t.as('sysadmin').delete(`/api/v1/users/${idOf('researcher')}/sessions/${laptopSession.id}`);
      expect(one.json()).toEqual({ ended: 1 });
      const statuses = [(await researcher.call('GET', '/api/v1/session')).statusCode, (await laptop.call('GET', '/api/v1/session')).statusCode].sort();
      expect(statuses).toEqual([200, 401]);
      expect((await t.as('sysadmin').delete(`/api/v1/users/${idOf('researcher')}/sessions`)).json()).toEqual({ ended: 1 });
      expectError(await researcher.call('GET', '/api/v1/session'), 401, 'auth.unauthenticated');
      expectError(await laptop.call('GET', '/api/v1/session'), 401, 'auth.unauthenticated');
      expect(await actions('user.sessions_ended')).toHaveLength(2);
    });
  });

  describe('sign-in limits (5 failures per account, 20 per address, a minute)', () => {
    beforeEach(async () => {
      t = await startTestApp(dialect);
    });
    afterEach(async () => t.close());

    it('does not count successful sign-ins: thirty in a row from one address all succeed', async () => {
      for (let i = 0; i < 30; i += 1) expect((await signInFrom(t, 'pm@example.org', TEST_PASSWORD, '10.7.0.1')).statusCode).toBe(200);
      expect((await signInFrom(t, 'dpr@example.org', TEST_PASSWORD, '10.7.0.1')).statusCode).toBe(200);
    });

    it('locks an account after five failures from any addresses, then a system manager lifts it', async () => {
      for (let i = 0; i < 5; i += 1) expectError(await signInFrom(t, 'pm@example.org', 'not the password', `10.7.1.${i + 1}`), 401, 'auth.invalid_credentials');
      const refused = await signInFrom(t, 'pm@example.org', TEST_PASSWORD, '10.7.1.99');
      expectError(refused, 401, 'auth.invalid_credentials');
      expect(sessionCookieOf(refused)).toBeUndefined();
      const locks = (await t.as('sysadmin').get('/api/v1/sign-in-locks')).json().locks;
      expect(locks).toEqual([{ kind: 'account', subject: 'pm@example.org', failures: 5, lockedUntil: new Date(t.world.clock.now().getTime() + 60_000).toISOString() }]);

      expect((await t.as('sysadmin').post('/api/v1/sign-in-locks/lift', { email: 'PM@example.org' })).json()).toEqual({ cleared: 5 });
      expect((await signInFrom(t, 'pm@example.org', TEST_PASSWORD, '10.7.1.99')).statusCode).toBe(200);
      expect((await t.as('sysadmin').get('/api/v1/sign-in-locks')).json().locks).toEqual([]);
      expect(await actions('sign_in.lock_lifted')).toMatchObject([{ actor_id: idOf('sysadmin'), object_id: 'pm@example.org' }]);
    });

    it('locks an address after twenty failures across accounts, leaving other addresses free, until lifted', async () => {
      for (let i = 0; i < 20; i += 1) expectError(await signInFrom(t, `guess${i}@example.org`, 'not the password', '10.7.2.1'), 401, 'auth.invalid_credentials');
      expectError(await signInFrom(t, 'dpr@example.org', TEST_PASSWORD, '10.7.2.1'), 401, 'auth.invalid_credentials');
      expect((await signInFrom(t, 'dpr@example.org', TEST_PASSWORD, '10.7.2.2')).statusCode).toBe(200);
      expect((await t.as('sysadmin').get('/api/v1/sign-in-locks')).json().locks).toMatchObject([{ kind: 'address', subject: '10.7.2.1', failures: 20 }]);
      expect((await t.as('sysadmin').post('/api/v1/sign-in-locks/lift', { address: '10.7.2.1' })).json()).toEqual({ cleared: 20 });
      expect((await signInFrom(t, 'dpr@example.org', TEST_PASSWORD, '10.7.2.1')).statusCode).toBe(200);
    });

    it('ends a lock-out by itself once the failures leave the window', async () => {
      for (let i = 0; i < 5; i += 1) await signInFrom(t, 'pm@example.org', 'not the password', '10.7.3.1');
      expectError(await signInFrom(t, 'pm@example.org', TEST_PASSWORD, '10.7.3.1'), 401, 'auth.invalid_credentials');
      t.world.clock.advance(60_001);
      expect((await signInFrom(t, 'pm@example.org', TEST_PASSWORD, '10.7.3.1')).statusCode).toBe(200);
    });
  });
});
