/** User accounts through the API: who may list and create them, and what a user object reveals. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const USER_KEYS = ['createdAt', 'disabled', 'email', 'id', 'name', 'secondFactor', 'systemRole'];
const newUser = { email: 'Grace@Example.org', name: 'Grace Hopper', password: 'a long enough password', systemRole: 'standard' };

describe.each(TEST_DIALECTS)('user routes on %s', (dialect) => {
  let t: TestApp;
  const open = async () => {
    t = await startTestApp(dialect);
  };

  describe('reads and refusals, sharing one world', () => {
    beforeAll(open);
    afterAll(async () => t.close());

    it('lists every account for a system manager, with exactly the public user fields', async () => {
      const res = await t.as('sysadmin').get('/api/v1/users');
      expect(res.statusCode).toBe(200);
      const { users } = res.json();
      expect(users).toHaveLength(Object.keys(t.world.users).length);
      for (const user of users) expect(Object.keys(user).sort()).toEqual(USER_KEYS);
      expect(res.body).not.toMatch(/password|argon2/i);
    });

    it('lets a programme manager list accounts but not a standard user', async () => {
      expect((await t.as('programme').get('/api/v1/users')).statusCode).toBe(200);
      expectError(await t.as('investigator').get('/api/v1/users'), 403, 'auth.forbidden');
      expectError(await t.anonymous.get('/api/v1/users'), 401, 'auth.unauthenticated');
    });

    it('refuses an email that is already taken with user.email_taken and creates nothing', async () => {
      await t.signInAll('sysadmin');
      const before = await t.counts();
      expectError(await t.as('sysadmin').post('/api/v1/users', { ...newUser, email: 'RESEARCHER@example.org' }), 409, 'user.email_taken');
      expect(await t.counts()).toEqual(before);
    });

    it('refuses a programme manager, and a request without the CSRF token, creating nothing', async () => {
      await t.signInAll('sysadmin', 'programme');
      const before = await t.counts();
      expectError(await t.as('programme').post('/api/v1/users', newUser), 403, 'auth.forbidden');
      expectError(await t.as('sysadmin').post('/api/v1/users', newUser, { csrf: null }), 403, 'auth.csrf_invalid');
      expect(await t.counts()).toEqual(before);
    });

    it.each([
      ['a short password', { ...newUser, password: 'short' }],
      ['an unknown system role', { ...newUser, systemRole: 'root' }],
      ['a missing name', { email: newUser.email, password: newUser.password }],
      ['an unknown extra field', { ...newUser, passwordHash: 'x' }],
    ])('refuses an account with %s as invalid input and creates nothing', async (_label, payload) => {
      await t.signInAll('sysadmin');
      const before = await t.counts();
      expectError(await t.as('sysadmin').post('/api/v1/users', payload), 422, 'validation.invalid_input');
      expect(await t.counts()).toEqual(before);
    });
  });

  describe('changes, each in a fresh world', () => {
    beforeEach(open);
    afterEach(async () => t.close());

    it('lets a system manager create an account that can then sign in', async () => {
      const res = await t.as('sysadmin').post('/api/v1/users', newUser);
      expect(res.statusCode).toBe(201);
      const user = res.json();
      expect(Object.keys(user).sort()).toEqual(USER_KEYS);
      expect(user).toMatchObject({ email: 'grace@example.org', name: 'Grace Hopper', systemRole: 'standard', disabled: false });
      const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'grace@example.org', password: newUser.password }, remoteAddress: '10.2.2.2' });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json().user.id).toBe(user.id);
    });
  });
});
