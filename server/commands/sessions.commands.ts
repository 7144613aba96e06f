/**
 * Signing in and out, and resolving a session token to a user. Sessions are server-side rows
 * keyed by the sha256 of a random token (the token lives only in the browser's cookie); they
 * expire after a period of inactivity and at an absolute limit, and can be revoked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { type LoginRequest, type User, loginRequestSchema } from '../../common/contracts/users.contract';
import { appendAudit } from '../db/audit.repository';
import { findSession, findUserByEmail, findUserById, insertSession, revokeSession, toUser, touchSession } from '../db/users.repository';
import { DomainError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import type { Db } from '../db/schema';
import { type Actor, type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { hashPassword } from './users.commands';
import { parseInput } from './parse-input';

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: User;
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

// Verifying against a fixed hash when the account does not exist keeps the response time
// the same, so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/**
 * Checks email and password and opens a session. Throws `auth.invalid_credentials` (the same
 * for an unknown email and a wrong password) or `auth.account_disabled`.
 */
export async function signIn(ctx: CommandContext, input: unknown, limits: SessionLimits): Promise<SignedIn> {
  const request: LoginRequest = parseInput(loginRequestSchema, input);
  const row = await findUserByEmail(ctx.db, request.email);
  dummyHash ??= hashPassword('not-a-real-password-000');
  const valid = await verify(row?.password_hash ?? (await dummyHash), request.password).catch(() => false);
  if (!row || !valid) {
    await inTransaction(ctx, (trx) => appendAudit(trx, { ...auditBy(ctx, 'session.sign_in_failed', { type: 'user', id: row?.id ?? 'unknown' }), actorLabel: request.email }));
    throw new DomainError('auth.invalid_credentials', 'The email or password is not correct');
  }
  if (row.disabled === 1) throw new DomainError('auth.account_disabled', 'This account is disabled; ask a system manager');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + limits.absoluteHours * 3600_000).toISOString();
  const user = toUser(row);
  await inTransaction(ctx, (trx) =>
    insertSession(
      trx,
      { id: tokenId(token), user_id: row.id, csrf_token: csrfToken, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt, revoked_at: null },
      { ...auditBy(ctx, 'session.signed_in', { type: 'user', id: row.id }), actorId: row.id, actorLabel: labelOf(user) },
    ),
  );
  return { token, csrfToken, expiresAt, user };
}

export const labelOf = (user: Pick<User, 'name' | 'email'>) => `${user.name} <${user.email}>`;

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  user: User;
  actor: Actor;
}

/**
 * Looks up a session token. Throws `auth.unauthenticated` for an unknown or revoked token and
 * `auth.session_expired` past the idle or absolute limit. Refreshes the idle timer.
 */
export async function resolveSession(db: Db, clock: Clock, token: string, limits: SessionLimits): Promise<ResolvedSession> {
  const session = await findSession(db, tokenId(token));
  if (!session || session.revoked_at) throw new DomainError('auth.unauthenticated', 'Please sign in');
  const now = clock.now();
  const idleDeadline = new Date(session.last_seen_at).getTime() + limits.idleMinutes * 60_000;
  if (now.getTime() >= new Date(session.expires_at).getTime() || now.getTime() >= idleDeadline) {
    throw new DomainError('auth.session_expired', 'Your session has expired; please sign in again');
  }
  const row = await findUserById(db, session.user_id);
  if (!row || row.disabled === 1) throw new DomainError('auth.unauthenticated', 'Please sign in');
  await touchSession(db, session.id, now.toISOString());
  const user = toUser(row);
  return {
    sessionId: session.id,
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at,
    user,
    actor: { userId: user.id, systemRole: user.systemRole, label: labelOf(user) },
  };
}

/** Ends a session at once. */
export async function signOut(ctx: CommandContext, sessionId: string): Promise<void> {
  await inTransaction(ctx, (trx) => revokeSession(trx, sessionId, nowIso(ctx), auditBy(ctx, 'session.signed_out', { type: 'user', id: ctx.actor.userId ?? 'unknown' })));
}
