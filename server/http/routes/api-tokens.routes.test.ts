/**
 * Personal API tokens over HTTP: managing them with a session, and what a request made with
 * `Authorization: Bearer egr_…` can and cannot reach. Routes that declare token scopes are
 * exercised on probe routes added to the real app (as the package routes will declare them).
 */
import type { InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CreatedApiTokenResponse } from '../../../common/contracts/api-tokens.contract';
import { idSchema } from '../../../common/contracts/common.contract';
import { createApiToken } from '../../commands/api-tokens.commands';
import { addParticipant, addWorkPackage, createProject } from '../../commands/projects.commands';
import { getProjectDetail } from '../../commands/projects.queries';
import { verifyAuditChain } from '../../db/audit.repository';
import type { Db } from '../../db/schema';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../testing/databases';
import { type World, createWorld } from '../../testing/factories';
import { buildApp } from '../app';
import { contextOf, protectRoutes } from '../auth';
import { TEST_LIMITS, TEST_IDENTITY, type TestApp, expectError, startTestApp } from '../app.testing';
import type { App } from '../types';

const TOKEN_KEYS = ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'projectId', 'projectName', 'revokedAt', 'scopes', 'status', 'userId'];
const DAY = 24 * 3600_000;

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function tokenCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(TEST_DIALECTS)('API token routes on %s', (dialect) => {
  let t: TestApp;
  const open = async () => {
    t = await startTestApp(dialect);
  };
  const counts = async () => ({ ...(await t.counts()), api_tokens: await tokenCount(t.database.db) });
  const createAs = async (key: string, input: Record<string, unknown> = {}): Promise<CreatedApiTokenResponse> => {
    const res = await t.as(key).post('/api/v1/tokens', { name: 'laptop', projectId: t.world.projectId, scopes: ['packages:read'], ...input });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const withToken = (secret: string, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { ...bearer(secret), ...headers }, remoteAddress: '10.1.1.1', ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });

  describe('changes, each in a fresh world', () => {
    beforeEach(open);
    afterEach(async () => {
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
      await t.close();
    });

    it('creates a token with a session and returns its secret once, not to be cached', async () => {
      const res = await t.as('researcher').post('/api/v1/tokens', { name: 'laptop', projectId: t.world.projectId, scopes: ['packages:read', 'packages:write'] });
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json() as CreatedApiTokenResponse;
      expect(Object.keys(body).sort()).toEqual(['secret', 'token']);
      expect(Object.keys(body.token).sort()).toEqual(TOKEN_KEYS);
      expect(body.token).toMatchObject({ name: 'laptop', projectName: 'Test project', scopes: ['packages:read', 'packages:write'], status: 'active', prefix: body.secret.slice(4, 12) });
      expect(body.token.expiresAt).toBe(new Date(t.world.clock.now().getTime() + 30 * DAY).toISOString());

      const list = await t.as('researcher').get('/api/v1/tokens');
      expect(list.statusCode).toBe(200);
      expect(list.json().tokens).toEqual([body.token]);
      expect(list.body).not.toContain(body.secret.slice(4));
      expect(list.body).not.toMatch(/hash/i);
    });

    it('answers who a bearer token acts for, without a CSRF token or cookie, and records its use', async () => {
      const { secret, token } = await createAs('investigator');
      const res = await withToken(secret, 'GET', '/api/v1/tokens/current');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.user).toMatchObject({ email: 'investigator@example.org', name: 'investigator' });
      expect(body.token).toEqual({ ...token, lastUsedAt: t.world.clock.now().toISOString() });
    });

    it('refuses a token once revoked, once expired, and once its account is disabled, with token.invalid', async () => {
      const revoked = await createAs('researcher', { name: 'to revoke' });
      const expiring = await createAs('researcher', { name: 'one day', expiresInDays: 1 });
      const disabled = await createAs('investigator', { name: 'disabled account' });

      const revoke = await t.as('researcher').post(`/api/v1/tokens/${revoked.token.id}/revoke`);
      expect(revoke.statusCode).toBe(200);
      expect(revoke.json()).toMatchObject({ id: revoked.token.id, status: 'revoked' });
      expectError(await withToken(revoked.secret, 'GET', '/api/v1/tokens/current'), 401, 'token.invalid');

      expect((await withToken(expiring.secret, 'GET', '/api/v1/tokens/current')).statusCode).toBe(200);
      t.world.clock.advance(DAY);
      expectError(await withToken(expiring.secret, 'GET', '/api/v1/tokens/current'), 401, 'token.invalid');

      await t.database.db.updateTable('users').set({ disabled: 1 }).where('email', '=', 'investigator@example.org').execute();
      expectError(await withToken(disabled.secret, 'GET', '/api/v1/tokens/current'), 401, 'token.invalid');
    });

    it('lets a system manager revoke anyone’s token but not another person', async () => {
      const { secret, token } = await createAs('researcher');
      await t.signInAll('investigator', 'sysadmin');
      const before = await counts();
      expectError(await t.as('investigator').post(`/api/v1/tokens/${token.id}/revoke`), 404, 'token.not_found');
      expect(await counts()).toEqual(before);
      expect((await t.as('sysadmin').post(`/api/v1/tokens/${token.id}/revoke`)).json()).toMatchObject({ status: 'revoked' });
      expectError(await withToken(secret, 'GET', '/api/v1/tokens/current'), 401, 'token.invalid');
    });
  });

  describe('reads and refusals, sharing one world', () => {
    beforeAll(open);
    afterAll(async () => t.close());

    it('lists only the caller’s own tokens', async () => {
      const mine = await createAs('dpr', { name: 'dpr laptop' });
      await createAs('referee', { name: 'referee laptop' });
      const tokens = (await t.as('dpr').get('/api/v1/tokens')).json().tokens as { id: string }[];
      expect(tokens.map((tk) => tk.id)).toEqual([mine.token.id]);
    });

    it('refuses a bearer token on every route that does not declare a token scope, changing nothing', async () => {
      const { secret } = await createAs('pm', { scopes: ['packages:read', 'packages:write'] });
      await t.signInAll('pm');
      const before = await counts();
      const refusals = [
        await withToken(secret, 'POST', '/api/v1/projects', { name: 'Made with a token', environmentTier: 1 }),
        await withToken(secret, 'GET', '/api/v1/projects'),
        await withToken(secret, 'GET', `/api/v1/projects/${t.world.projectId}`),
        await withToken(secret, 'GET', '/api/v1/session'),
        await withToken(secret, 'GET', '/api/v1/tokens'),
        await withToken(secret, 'POST', '/api/v1/tokens', { name: 'another', projectId: t.world.projectId, scopes: ['packages:write'] }),
      ];
      for (const res of refusals) expectError(res, 403, 'token.scope');
      expect(await counts()).toEqual(before);
    });

    it('authenticates by the token alone when a session cookie comes with it', async () => {
      const { secret } = await createAs('pm');
      const signed = await t.signIn('pm');
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/projects',
        headers: { ...bearer(secret), 'x-csrf-token': signed.csrfToken },
        cookies: { egress_session: signed.cookie },
        remoteAddress: '10.1.1.2',
      });
      expectError(res, 403, 'token.scope');
    });

    it.each([
      ['an unknown token', `egr_${'x'.repeat(43)}`],
      ['a malformed token', 'not-a-token'],
      ['a session token in its place', 'session'],
    ])('refuses %s with token.invalid', async (_label, value) => {
      const secret = value === 'session' ? (await t.signIn('dpr')).cookie : value;
      expectError(await withToken(secret, 'GET', '/api/v1/tokens/current'), 401, 'token.invalid');
    });

    it('answers token.not_found when asked for the current token with a session', async () => {
      expectError(await t.as('dpr').get('/api/v1/tokens/current'), 404, 'token.not_found');
    });

    it.each([
      ['an expiry of 0 days', { expiresInDays: 0 }],
      ['an expiry of 366 days', { expiresInDays: 366 }],
      ['an unknown scope', { scopes: ['admin'] }],
      ['no scopes', { scopes: [] }],
      ['an extra field', { userId: 'someone-else' }],
    ])('refuses a token with %s as invalid input, creating nothing', async (_label, input) => {
      await t.signInAll('researcher');
      const before = await counts();
      expectError(await t.as('researcher').post('/api/v1/tokens', { name: 'x', projectId: t.world.projectId, scopes: ['packages:read'], ...input }), 422, 'validation.invalid_input');
      expect(await counts()).toEqual(before);
    });

    it('refuses a token for a project the caller takes no part in, without the CSRF token, or signed out', async () => {
      await t.signInAll('outsider', 'programme', 'researcher');
      const before = await counts();
      const input = { name: 'x', projectId: t.world.projectId, scopes: ['packages:read'] };
      expectError(await t.as('outsider').post('/api/v1/tokens', input), 403, 'auth.forbidden');
      expectError(await t.as('programme').post('/api/v1/tokens', input), 403, 'auth.forbidden');
      expectError(await t.as('researcher').post('/api/v1/tokens', input, { csrf: null }), 403, 'auth.csrf_invalid');
      expectError(await t.anonymous.post('/api/v1/tokens', input), 401, 'auth.unauthenticated');
      expectError(await t.anonymous.get('/api/v1/tokens'), 401, 'auth.unauthenticated');
      expect(await counts()).toEqual(before);
    });
  });
});

/**
 * The real app with two probe routes that declare scopes the way package routes do: one reads a
 * project (packages:read), one changes it (packages:write).
 */
async function startProbeApp(dialect: (typeof TEST_DIALECTS)[number]): Promise<{ app: App; world: World; database: TestDatabase }> {
  const database = await createTestDatabase(dialect);
  const world = await createWorld(database.db);
  const deps = { db: database.db, clock: world.clock, limits: TEST_LIMITS, cookieSecure: 'auto' as const };
  const app = await buildApp({ ...deps, identity: TEST_IDENTITY, version: 'test' });
  const params = z.object({ projectId: idSchema });
  await app.register(
    async (probe) => {
      protectRoutes(probe, deps);
      const scoped = probe as App;
      scoped.get('/projects/:projectId', { config: { tokenScopes: ['packages:read'] }, schema: { params } }, async (request) => {
        const detail = await getProjectDetail(contextOf(deps, request), request.params.projectId);
        return { name: detail.project.name };
      });
      scoped.post('/projects/:projectId/work-packages', { config: { tokenScopes: ['packages:write'] }, schema: { params } }, async (request, reply) => {
        const wp = await addWorkPackage(contextOf(deps, request), request.params.projectId, request.body);
        return reply.status(201).send({ id: wp.id });
      });
    },
    { prefix: '/api/v1/probe' },
  );
  await app.ready();
  return { app, world, database };
}

describe.each(TEST_DIALECTS)('routes that declare token scopes, on %s', (dialect) => {
  let probe: Awaited<ReturnType<typeof startProbeApp>>;
  let projectB: string;
  const tokenFor = async (key: string, scopes: ('packages:read' | 'packages:write')[], projectId = probe.world.projectId) =>
    (await createApiToken(probe.world.users[key]?.ctx as World['users'][string]['ctx'], { name: `${key} script`, projectId, scopes })).secret;
  const call = (secret: string, method: InjectOptions['method'], url: string, payload?: unknown) =>
    probe.app.inject({ method, url: `/api/v1/probe${url}`, headers: bearer(secret), ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });

  beforeEach(async () => {
    probe = await startProbeApp(dialect);
    const programme = probe.world.users.programme?.ctx as World['users'][string]['ctx'];
    projectB = (await createProject(programme, { name: 'Project B', environmentTier: 2 })).id;
    await addParticipant(programme, projectB, { email: 'investigator@example.org', role: 'investigator' });
  });
  afterEach(async () => {
    try {
      expect(await verifyAuditChain(probe.database.db)).toMatchObject({ ok: true });
    } finally {
      await probe.app.close();
      await probe.database.close();
    }
  });

  it('lets a token with the declared scope through, acting as its person on its project', async () => {
    const secret = await tokenFor('investigator', ['packages:read']);
    const res = await call(secret, 'GET', `/projects/${probe.world.projectId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'Test project' });
  });

  it('refuses a token without the declared scope with token.scope', async () => {
    const secret = await tokenFor('investigator', ['packages:read']);
    const before = await probe.database.db.selectFrom('work_packages').select('id').execute();
    expectError(await call(secret, 'POST', `/projects/${probe.world.projectId}/work-packages`, { name: 'Extra' }), 403, 'token.scope');
    expect(await probe.database.db.selectFrom('work_packages').select('id').execute()).toEqual(before);
  });

  it('hides every project but the token’s own, even one its person takes part in', async () => {
    const secret = await tokenFor('investigator', ['packages:read', 'packages:write']);
    expectError(await call(secret, 'GET', `/projects/${projectB}`), 404, 'project.not_found');
    expectError(await call(secret, 'POST', `/projects/${projectB}/work-packages`, { name: 'Extra' }), 404, 'project.not_found');
    const forB = await tokenFor('investigator', ['packages:read'], projectB);
    expect((await call(forB, 'GET', `/projects/${projectB}`)).json()).toEqual({ name: 'Project B' });
    expectError(await call(forB, 'GET', `/projects/${probe.world.projectId}`), 404, 'project.not_found');
  });

  it('never does more than its person may: the person’s own policies still apply', async () => {
    const secret = await tokenFor('researcher', ['packages:write']);
    expectError(await call(secret, 'POST', `/projects/${probe.world.projectId}/work-packages`, { name: 'Extra' }), 403, 'auth.forbidden');
  });

  it('attributes a change made with a token to its person and names the token in the audit log', async () => {
    const secret = await tokenFor('investigator', ['packages:write']);
    const res = await call(secret, 'POST', `/projects/${probe.world.projectId}/work-packages`, { name: 'Made by a script' });
    expect(res.statusCode).toBe(201);
    const event = await probe.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'work_package.created').where('object_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      actor_id: probe.world.users.investigator?.id,
      actor_label: `investigator <investigator@example.org> (token ${secret.slice(4, 12)})`,
      project_id: probe.world.projectId,
    });
    expect(JSON.stringify(await probe.database.db.selectFrom('audit_events').selectAll().execute())).not.toContain(secret.slice(4));
  });

  it('refuses an unknown token with token.invalid before looking at scopes', async () => {
    expectError(await call(`egr_${'y'.repeat(43)}`, 'POST', `/projects/${probe.world.projectId}/work-packages`, { name: 'x' }), 401, 'token.invalid');
  });
});
