/**
 * A system manager's account lifecycle actions (docs/identity.md): disable and re-enable an
 * account, reset its password to a generated one shown once, list and end its sessions. Each is
 * audited in the same transaction. A disabled account's sessions are ended at once and its API
 * tokens are refused on every request (resolveSession and resolveApiToken read the flag), until
 * it is enabled again.
 */
import { randomBytes } from 'node:crypto';
import type { UserSession } from '../../common/contracts/identity.contract';
import type { User } from '../../common/contracts/users.contract';
import { listOpenSessions, revokeUserSessions, setPasswordHash, setUserDisabled } from '../db/identity.repository';
import { findUserByEmail, findUserById, toUser } from '../db/users.repository';
import type { UsersTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { authorizeSession } from '../policies/session.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { checkPassword } from './password-policy';
import { hashPassword } from './users.commands';

async function accountOf(ctx: CommandContext, userId: string): Promise<UsersTable> {
  authorizeSession('manageUsers', ctx.actor);
  const row = await findUserById(ctx.db, userId);
  if (!row) throw new DomainError('user.not_found', 'No such user');
  return row;
}

/** The account with this email, for the CLI. Throws `user.not_found`. */
export async function findAccountByEmail(ctx: CommandContext, email: string): Promise<User> {
  authorizeSession('manageUsers', ctx.actor);
  const row = await findUserByEmail(ctx.db, email.trim().toLowerCase());
  if (!row) throw new DomainError('user.not_found', `No user has the email ${email}`);
  return toUser(row);
}

/**
 * Disables (or enables) an account. Disabling ends its sessions at once; its API tokens are
 * refused while it stays disabled. Throws `user.self_action` when a system manager would
 * disable themself (nobody could then undo it from the UI).
 */
export async function setAccountDisabled(ctx: CommandContext, userId: string, disabled: boolean): Promise<User> {
  const row = await accountOf(ctx, userId);
  if (disabled && row.id === ctx.actor.userId) throw new DomainError('user.self_action', 'You cannot disable your own account; ask another system manager');
  if ((row.disabled === 1) === disabled) return toUser(row);
  await inTransaction(ctx, async (trx) => {
    await setUserDisabled(trx, row.id, disabled, auditBy(ctx, disabled ? 'user.disabled' : 'user.enabled', { type: 'user', id: row.id }, { email: row.email }));
    if (disabled) await revokeUserSessions(trx, row.id, nowIso(ctx), auditBy(ctx, 'user.sessions_ended', { type: 'user', id: row.id }, { email: row.email, reason: 'disabled' }));
  });
  return toUser((await findUserById(ctx.db, row.id)) as UsersTable);
}

/** A new password of 20 random characters (120 bits). */
const generatedPassword = () => randomBytes(15).toString('base64url');

/**
 * Replaces the account's password by a generated one, returned once for the system manager to
 * hand over; ends the account's sessions. Audited as `user.password_reset` (never the password).
 */
export async function resetPassword(ctx: CommandContext, userId: string): Promise<{ password: string }> {
  const row = await accountOf(ctx, userId);
  const password = generatedPassword();
  await checkPassword(password, row.email);
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (trx) => {
    await setPasswordHash(trx, row.id, passwordHash, auditBy(ctx, 'user.password_reset', { type: 'user', id: row.id }, { email: row.email }));
    await revokeUserSessions(trx, row.id, nowIso(ctx), auditBy(ctx, 'user.sessions_ended', { type: 'user', id: row.id }, { email: row.email, reason: 'password_reset' }));
  });
  return { password };
}

/** The account's open sessions, newest first (full and pending). */
export async function listAccountSessions(ctx: CommandContext, userId: string): Promise<UserSession[]> {
  const row = await accountOf(ctx, userId);
  const rows = await listOpenSessions(ctx.db, row.id, nowIso(ctx));
  return rows.map((s) => ({ id: s.id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at, stage: s.stage }));
}

/** Ends one session of the account (`sessionId`) or all of them; returns how many ended. */
export async function endAccountSessions(ctx: CommandContext, userId: string, sessionId?: string): Promise<number> {
  const row = await accountOf(ctx, userId);
  return inTransaction(ctx, (trx) =>
    revokeUserSessions(
      trx,
      row.id,
      nowIso(ctx),
      auditBy(ctx, 'user.sessions_ended', { type: 'user', id: row.id }, { email: row.email, reason: sessionId ? 'one_session' : 'all_sessions' }),
      sessionId,
    ),
  );
}
