/**
 * Personal API tokens through the commands: creating (secret shown once, only its hash stored),
 * listing one's own, revoking, resolving a secret to the person it acts for, and the limits a
 * token puts on that person. Runs on SQLite and on PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../../common/contracts/api-tokens.contract';
import type { Db } from '../db/schema';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, snapshotCounts } from '../testing/factories';
import { personIn, worldScopes } from '../testing/world-lifecycle';
import { type CreatedApiToken, createApiToken, listOwnApiTokens, resolveApiToken, revokeApiToken } from './api-tokens.commands';
import type { CommandContext } from './context';
import { addParticipant, createProject } from './projects.commands';
import { getProjectDetail } from './projects.queries';

const DAY = 24 * 3600_000;
const MINUTE = 60_000;

/** Row counts of every table, API tokens included: equal before and after a refusal. */
async function counts(db: Db): Promise<Record<string, number>> {
  const tokens = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { ...(await snapshotCounts(db)), api_tokens: Number(tokens.n) };
}

describe.each(TEST_DIALECTS)('API token commands on %s', (dialect) => {
  let world: World;
  const scopes = worldScopes(dialect, (w) => {
    world = w;
  });
  const ctxOf = (key: string): CommandContext => personIn(world, key).ctx;
  const create = (key: string, input: Record<string, unknown> = {}): Promise<CreatedApiToken> =>
    createApiToken(ctxOf(key), { name: 'laptop', projectId: world.projectId, scopes: ['packages:read'], ...input });
  const resolve = (secret: string) => resolveApiToken(world.db, world.clock, secret);
  const auditOf = (action: string) => world.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();

  describe('changes, each in a fresh world', () => {
    scopes.freshWorldPerTest();

    it('creates a token whose secret is returned once and stored only as its sha256', async () => {
      const created = await create('researcher', { name: ' CI pipeline ', scopes: ['packages:read', 'packages:write'] });
      expect(created.secret).toMatch(/^egr_[A-Za-z0-9_-]{43}$/);
      expect(created.token).toEqual({
        id: expect.any(String),
        name: 'CI pipeline',
        prefix: created.secret.slice(4, 12),
        userId: personIn(world, 'researcher').id,
        projectId: world.projectId,
        projectName: 'Test project',
        scopes: ['packages:read', 'packages:write'],
        createdAt: '2026-11-27T09:00:00.000Z',
        expiresAt: '2026-12-27T09:00:00.000Z',
        lastUsedAt: null,
        revokedAt: null,
        status: 'active',
      } satisfies ApiToken);

      const row = await world.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(createHash('sha256').update(created.secret).digest('hex'));
      const everything = JSON.stringify([row, await world.db.selectFrom('audit_events').selectAll().execute()]);
      expect(everything).not.toContain(created.secret);
      expect(everything).not.toContain(created.secret.slice(4));

      const audit = await auditOf('token.created');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor_id: personIn(world, 'researcher').id,
        actor_label: 'researcher <researcher@example.org>',
        object_type: 'api_token',
        object_id: row.id,
        project_id: world.projectId,
      });
      expect(JSON.parse(audit[0]?.summary ?? '')).toEqual({ name: 'CI pipeline', prefix: row.prefix, scopes: ['packages:read', 'packages:write'], expiresAt: row.expires_at });
      expect(audit[0]?.summary).not.toContain(row.token_hash);
    });

    it('accepts an expiry of 1 and of 365 days', async () => {
      expect((await create('researcher', { expiresInDays: 1 })).token.expiresAt).toBe('2026-11-28T09:00:00.000Z');
      expect((await create('researcher', { expiresInDays: 365 })).token.expiresAt).toBe('2027-11-27T09:00:00.000Z');
    });

    it('resolves a secret to the person, limited to the token, and names the token in the actor label', async () => {
      const created = await create('investigator', { scopes: ['packages:write'] });
      const resolved = await resolve(created.secret);
      expect(resolved.user).toMatchObject({ id: personIn(world, 'investigator').id, email: 'investigator@example.org' });
      expect(resolved.actor).toEqual({
        userId: personIn(world, 'investigator').id,
        systemRole: 'standard',
        label: `investigator <investigator@example.org> (token ${created.token.prefix})`,
        token: { id: created.token.id, projectId: world.projectId, scopes: ['packages:write'] },
      });
      expect(resolved.token).toMatchObject({ id: created.token.id, status: 'active', lastUsedAt: '2026-11-27T09:00:00.000Z' });
    });

    it('records the last use at most once a minute', async () => {
      const { secret, token } = await create('researcher');
      const lastUsed = async () => (await world.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', token.id).executeTakeFirstOrThrow()).last_used_at;
      await resolve(secret);
      expect(await lastUsed()).toBe('2026-11-27T09:00:00.000Z');
      world.clock.advance(59_000);
      await resolve(secret);
      expect(await lastUsed()).toBe('2026-11-27T09:00:00.000Z');
      world.clock.advance(2_000);
      await resolve(secret);
      expect(await lastUsed()).toBe('2026-11-27T09:01:01.000Z');
    });

    it('lists only the caller’s own tokens, newest first, with their status', async () => {
      const first = await create('researcher', { name: 'first', expiresInDays: 1 });
      world.clock.advance(MINUTE);
      const second = await create('researcher', { name: 'second' });
      world.clock.advance(MINUTE);
      await create('investigator', { name: 'someone else' });
      await revokeApiToken(ctxOf('researcher'), second.token.id);
      world.clock.advance(DAY);
      const listed = await listOwnApiTokens(ctxOf('researcher'));
      expect(listed.map((t) => [t.name, t.status])).toEqual([
        ['second', 'revoked'],
        ['first', 'expired'],
      ]);
      expect(listed[1]?.id).toBe(first.token.id);
      expect(await listOwnApiTokens(ctxOf('dpr'))).toEqual([]);
    });

    it('revokes an own token at once and records it; revoking again changes nothing', async () => {
      const { secret, token } = await create('researcher');
      const revoked = await revokeApiToken(ctxOf('researcher'), token.id);
      expect(revoked).toMatchObject({ id: token.id, status: 'revoked', revokedAt: '2026-11-27T09:00:00.000Z' });
      await expect(resolve(secret)).rejects.toMatchObject({ code: 'token.invalid', message: expect.stringContaining('revoked') });
      const before = await counts(world.db);
      expect(await revokeApiToken(ctxOf('researcher'), token.id)).toMatchObject({ status: 'revoked', revokedAt: '2026-11-27T09:00:00.000Z' });
      expect(await counts(world.db)).toEqual(before);
      const audit = await auditOf('token.revoked');
      expect(audit).toMatchObject([{ actor_label: 'researcher <researcher@example.org>', object_id: token.id, project_id: world.projectId }]);
      expect(JSON.parse(audit[0]?.summary ?? '')).toEqual({ name: 'laptop', prefix: token.prefix, ownerId: personIn(world, 'researcher').id, byOwner: true });
    });

    it('lets a system manager revoke anyone’s token, recording who did it and whose it was', async () => {
      const { token } = await create('researcher');
      await revokeApiToken(ctxOf('sysadmin'), token.id);
      const audit = await auditOf('token.revoked');
      expect(audit).toMatchObject([{ actor_id: personIn(world, 'sysadmin').id, actor_label: 'sysadmin <sysadmin@example.org>' }]);
      expect(JSON.parse(audit[0]?.summary ?? '')).toMatchObject({ ownerId: personIn(world, 'researcher').id, byOwner: false });
    });

    it('refuses an expired token, a token of a disabled account, and unknown or malformed secrets', async () => {
      const short = await create('researcher', { expiresInDays: 1 });
      const disabled = await create('investigator');
      await world.db.updateTable('users').set({ disabled: 1 }).where('id', '=', personIn(world, 'investigator').id).execute();
      await expect(resolve(disabled.secret)).rejects.toMatchObject({ code: 'token.invalid', message: expect.stringContaining('disabled') });
      world.clock.advance(DAY - 1);
      await expect(resolve(short.secret)).resolves.toMatchObject({ token: { status: 'active' } });
      world.clock.advance(1);
      await expect(resolve(short.secret)).rejects.toMatchObject({ code: 'token.invalid', message: expect.stringContaining('expired') });
      const unknown = `egr_${'A'.repeat(43)}`;
      for (const secret of [unknown, 'egr_short', '', short.secret.slice(4), `${short.secret}x`]) {
        await expect(resolve(secret)).rejects.toMatchObject({ name: 'DomainError', code: 'token.invalid' });
      }
    });

    it('limits a token’s person to the token’s project: any other looks like it does not exist', async () => {
      const other = await createProject(ctxOf('programme'), { name: 'Project B', environmentTier: 2 });
      await addParticipant(ctxOf('programme'), other.id, { email: 'investigator@example.org', role: 'investigator' });
      const { secret } = await create('investigator');
      const { actor } = await resolve(secret);
      const viaToken: CommandContext = { db: world.db, clock: world.clock, actor };
      expect((await getProjectDetail(viaToken, world.projectId)).project.name).toBe('Test project');
      await expect(getProjectDetail(viaToken, other.id)).rejects.toMatchObject({ code: 'project.not_found', message: 'No such project' });
      expect((await getProjectDetail(ctxOf('investigator'), other.id)).project.name).toBe('Project B');
    });
  });

  describe('refusals, sharing one world', () => {
    scopes.sharedWorld();

    const refusedWithNothingChanged = async (work: () => Promise<unknown>, code: string, message?: string) => {
      const before = await counts(world.db);
      await expect(work()).rejects.toMatchObject({ name: 'DomainError', code, ...(message ? { message: expect.stringContaining(message) } : {}) });
      expect(await counts(world.db)).toEqual(before);
    };

    it.each([
      ['no expiry of 0 days', { expiresInDays: 0 }],
      ['no expiry over 365 days', { expiresInDays: 366 }],
      ['no fractional days', { expiresInDays: 1.5 }],
      ['no empty scope list', { scopes: [] }],
      ['no unknown scope', { scopes: ['admin'] }],
      ['no scope twice', { scopes: ['packages:read', 'packages:read'] }],
      ['no empty name', { name: '   ' }],
      ['no extra fields', { secret: 'mine' }],
    ])('allows %s, creating nothing', async (_label, input) => {
      await refusedWithNothingChanged(() => create('researcher', input), 'validation.invalid_input');
    });

    it.each([
      ['someone who takes no part in the project', 'outsider'],
      ['a programme manager who sees the project but takes no part in it', 'programme'],
      ['a system manager who takes no part in it', 'sysadmin'],
    ])('refuses a token for %s, creating nothing', async (_label, key) => {
      await refusedWithNothingChanged(() => create(key), 'auth.forbidden', 'only for projects you take part in');
    });

    it('refuses a token for an unknown project exactly as for one the person is not in', async () => {
      await refusedWithNothingChanged(() => create('researcher', { projectId: 'no-such-project' }), 'auth.forbidden', 'only for projects you take part in');
    });

    it('refuses to revoke an unknown token or someone else’s (unless a system manager), changing nothing', async () => {
      const { token } = await create('researcher');
      await refusedWithNothingChanged(() => revokeApiToken(ctxOf('investigator'), token.id), 'token.not_found', 'No such API token');
      await refusedWithNothingChanged(() => revokeApiToken(ctxOf('programme'), token.id), 'token.not_found', 'No such API token');
      await refusedWithNothingChanged(() => revokeApiToken(ctxOf('researcher'), 'no-such-token'), 'token.not_found');
    });

    it('refuses to create, list or revoke tokens for a request made with a token', async () => {
      const { secret, token } = await create('researcher');
      const { actor } = await resolve(secret);
      const viaToken: CommandContext = { db: world.db, clock: world.clock, actor };
      await refusedWithNothingChanged(() => createApiToken(viaToken, { name: 'more', projectId: world.projectId, scopes: ['packages:write'] }), 'token.scope');
      await refusedWithNothingChanged(() => listOwnApiTokens(viaToken), 'token.scope');
      await refusedWithNothingChanged(() => revokeApiToken(viaToken, token.id), 'token.scope');
    });
  });
});
