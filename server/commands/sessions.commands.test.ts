/**
 * Signing in and out and resolving session tokens: credentials, idle and absolute expiry,
 * revocation, and what is (not) stored. Runs on SQLite and on PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../db/audit.repository';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { TEST_PASSWORD, type World, createWorld, snapshotCounts } from '../testing/factories';
import { type CommandContext, systemActor } from './context';
import { resolveSession, signIn, signOut } from './sessions.commands';
import { SECOND_FACTOR_OPTIONAL } from '../domain/identity/second-factor-policy';
import { DEFAULT_SIGN_IN_LIMITS, SIGN_IN_REFUSED } from '../domain/identity/sign-in-limits';

const LIMITS = { idleMinutes: 30, absoluteHours: 2 };
/** Password-only sign-in: the second factor optional (second-factor.commands.test.ts covers it enforced). */
const POLICY = { secondFactor: SECOND_FACTOR_OPTIONAL, signInLimits: DEFAULT_SIGN_IN_LIMITS };
const MINUTE = 60_000;

describe.each(TEST_DIALECTS)('sessions on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  let anonymous: CommandContext;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
    anonymous = { db: world.db, clock: world.clock, actor: systemActor('sign-in from 192.0.2.1') };
  });
  afterEach(async () => {
    try {
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    } finally {
      await database.close();
    }
  });

  const investigator = () => world.users.investigator as World['users'][string];
  const signInInvestigator = () => signIn(anonymous, { email: investigator().email, password: TEST_PASSWORD }, LIMITS, POLICY);
  const resolve = (token: string) => resolveSession(world.db, world.clock, token, LIMITS);
  const failures = () => world.db.selectFrom('audit_events').selectAll().where('action', '=', 'session.sign_in_failed').orderBy('seq').execute();

  it('signs in with the right password and returns a token that resolves to the user', async () => {
    const signed = await signInInvestigator();
    expect(signed.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signed.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signed.csrfToken).not.toBe(signed.token);
    expect(signed.expiresAt).toBe('2026-11-27T11:00:00.000Z');
    expect(signed.user).toMatchObject({ id: investigator().id, email: 'investigator@example.org', systemRole: 'standard', disabled: false });
    const session = await resolve(signed.token);
    expect(session).toMatchObject({ csrfToken: signed.csrfToken, expiresAt: signed.expiresAt, user: { id: investigator().id } });
    expect(session.actor).toEqual({ userId: investigator().id, systemRole: 'standard', label: 'investigator <investigator@example.org>' });
    const audit = await world.db.selectFrom('audit_events').selectAll().where('action', '=', 'session.signed_in').execute();
    expect(audit).toMatchObject([{ actor_id: investigator().id, actor_label: 'investigator <investigator@example.org>', object_id: investigator().id, summary: '{}' }]);
  });

  it('treats the email case-insensitively', async () => {
    const signed = await signIn(anonymous, { email: 'Investigator@Example.ORG', password: TEST_PASSWORD }, LIMITS, POLICY);
    expect(signed.user.id).toBe(investigator().id);
  });

  it('refuses a wrong password and an unknown email alike and records both failures without the password', async () => {
    const before = await snapshotCounts(world.db);
    const wrong = 'Tr0ub4dor&3-wrong-password';
    const unknown = 'unknown-person-password';
    const first = await signIn(anonymous, { email: investigator().email, password: wrong }, LIMITS, POLICY).catch((e: unknown) => e);
    const second = await signIn(anonymous, { email: 'nobody@example.org', password: unknown }, LIMITS, POLICY).catch((e: unknown) => e);
    expect(first).toMatchObject({ name: 'DomainError', code: 'auth.invalid_credentials', message: SIGN_IN_REFUSED });
    expect(second).toMatchObject({ name: 'DomainError', code: 'auth.invalid_credentials', message: (first as Error).message });
    expect(await snapshotCounts(world.db)).toEqual({ ...before, audit_events: (before.audit_events ?? 0) + 2, sign_in_failures: (before.sign_in_failures ?? 0) + 2 });
    const rows = await failures();
    expect(rows).toMatchObject([
      { actor_id: null, actor_label: 'investigator@example.org', object_type: 'user', object_id: investigator().id, summary: '{"reason":"wrong_password"}' },
      { actor_id: null, actor_label: 'nobody@example.org', object_type: 'user', object_id: 'unknown', summary: '{"reason":"unknown_account"}' },
    ]);
    const everything = JSON.stringify(await world.db.selectFrom('audit_events').selectAll().execute());
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(unknown);
  });

  it('refuses malformed sign-in input with validation.invalid_input and records nothing', async () => {
    const before = await snapshotCounts(world.db);
    await expect(signIn(anonymous, { email: 'not-an-email', password: 'x' }, LIMITS, POLICY)).rejects.toMatchObject({ code: 'validation.invalid_input' });
    await expect(signIn(anonymous, { email: investigator().email, password: '' }, LIMITS, POLICY)).rejects.toMatchObject({ code: 'validation.invalid_input' });
    expect(await snapshotCounts(world.db)).toEqual(before);
  });

  it('refuses a disabled account with the same refusal as a wrong password, and refuses its open sessions', async () => {
    const signed = await signInInvestigator();
    // Only the flag (account-lifecycle tests disable through the command): every request reads it.
    await world.db.updateTable('users').set({ disabled: 1 }).where('id', '=', investigator().id).execute();
    await expect(signInInvestigator()).rejects.toMatchObject({ code: 'auth.invalid_credentials', message: SIGN_IN_REFUSED });
    await expect(resolve(signed.token)).rejects.toMatchObject({ code: 'auth.unauthenticated' });
  });

  it('refuses an unknown token with auth.unauthenticated', async () => {
    await signInInvestigator();
    await expect(resolve('not-a-token')).rejects.toMatchObject({ code: 'auth.unauthenticated' });
  });

  it('keeps a session alive just under the idle limit and expires it at the limit with auth.session_expired', async () => {
    const signed = await signInInvestigator();
    world.clock.advance(30 * MINUTE - 1);
    await expect(resolve(signed.token)).resolves.toMatchObject({ user: { id: investigator().id } });
    world.clock.advance(30 * MINUTE);
    await expect(resolve(signed.token)).rejects.toMatchObject({ code: 'auth.session_expired' });
  });

  it('slides the idle limit with activity but still ends the session at the absolute limit', async () => {
    const signed = await signInInvestigator();
    for (let minutes = 25; minutes < 120; minutes += 25) {
      world.clock.advance(25 * MINUTE);
      await expect(resolve(signed.token)).resolves.toMatchObject({ expiresAt: '2026-11-27T11:00:00.000Z' });
    }
    const row = await world.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBe('2026-11-27T10:40:00.000Z');
    world.clock.advance(20 * MINUTE);
    await expect(resolve(signed.token)).rejects.toMatchObject({ code: 'auth.session_expired' });
  });

  it('revokes the session on sign-out, after which the token is unauthenticated', async () => {
    const signed = await signInInvestigator();
    const session = await resolve(signed.token);
    await signOut(investigator().ctx, session.sessionId);
    await expect(resolve(signed.token)).rejects.toMatchObject({ code: 'auth.unauthenticated' });
    const row = await world.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.revoked_at).toBe('2026-11-27T09:00:00.000Z');
    const audit = await world.db.selectFrom('audit_events').selectAll().where('action', '=', 'session.signed_out').execute();
    expect(audit).toMatchObject([{ actor_id: investigator().id, object_id: investigator().id }]);
  });

  it('stores only the sha256 of the token, never the token itself', async () => {
    const first = await signInInvestigator();
    const second = await signIn(anonymous, { email: (world.users.dpr as World['users'][string]).email, password: TEST_PASSWORD }, LIMITS, POLICY);
    const rows = await world.db.selectFrom('sessions').selectAll().execute();
    expect(rows.map((r) => r.id).sort()).toEqual([first.token, second.token].map((t) => createHash('sha256').update(t).digest('hex')).sort());
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(first.token);
    expect(stored).not.toContain(second.token);
    const audit = JSON.stringify(await world.db.selectFrom('audit_events').selectAll().execute());
    expect(audit).not.toContain(first.token);
    expect(audit).not.toContain(first.csrfToken);
  });
});
