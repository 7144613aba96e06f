/**
 * Identity rows: a user's TOTP secret and recovery codes, their sessions as a system manager sees
 * them, account state (disabled, password), and the failed sign-ins that sign-in limits count.
 * Every change that is a decision takes its audit event (STYLE.md §4).
 */
import type { RecoveryCodesTable, SessionStage, SessionsTable, SignInFailuresTable, Tx, Db } from './schema';
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';

/** Keeps a secret shown during enrolment until a code from it confirms it. */
export async function setPendingTotpSecret(trx: Tx, userId: string, secret: string, audit: AuditInput): Promise<void> {
  await trx.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', userId).execute();
  await appendAudit(trx, audit);
}

/**
 * Makes the pending secret the account's factor, with the step of the confirming code as the
 * last used one, and replaces any earlier recovery codes with the new ones.
 */
export async function confirmTotpSecret(trx: Tx, change: { userId: string; secret: string; step: number; at: string; codes: { salt: string; hash: string }[] }, audit: AuditInput): Promise<void> {
  await trx.updateTable('users').set({ totp_secret: change.secret, totp_pending_secret: null, totp_enrolled_at: change.at, totp_last_step: change.step }).where('id', '=', change.userId).execute();
  await trx.deleteFrom('recovery_codes').where('user_id', '=', change.userId).execute();
  const rows: RecoveryCodesTable[] = change.codes.map((c) => ({ id: newId(), user_id: change.userId, salt: c.salt, code_hash: c.hash, created_at: change.at, used_at: null }));
  if (rows.length > 0) await trx.insertInto('recovery_codes').values(rows).execute();
  await appendAudit(trx, audit);
}

/**
 * Records that a code of `step` was used, only if no code of this step or a later one was used
 * before: the conditional update is what makes a replayed code lose, even when two arrive at once.
 */
export async function claimTotpStep(trx: Tx, userId: string, step: number): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<RecoveryCodesTable[]> {
  return db.selectFrom('recovery_codes').selectAll().where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Marks a recovery code used, only if it was not (a code works once, even under races). */
export async function claimRecoveryCode(trx: Tx, id: string, at: string): Promise<boolean> {
  const result = await trx.updateTable('recovery_codes').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes the account's second factor and recovery codes (a system manager's reset). */
export async function clearSecondFactor(trx: Tx, userId: string, audit: AuditInput): Promise<void> {
  await trx.updateTable('users').set({ totp_secret: null, totp_pending_secret: null, totp_enrolled_at: null, totp_last_step: null }).where('id', '=', userId).execute();
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await appendAudit(trx, audit);
}

export async function setUserDisabled(trx: Tx, userId: string, disabled: boolean, audit: AuditInput): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ disabled: disabled ? 1 : 0, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
  await appendAudit(trx, audit);
}

export async function setPasswordHash(trx: Tx, userId: string, passwordHash: string, audit: AuditInput): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ password_hash: passwordHash, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
  await appendAudit(trx, audit);
}

/** The user's sessions that are neither revoked nor past their absolute end. */
export async function listOpenSessions(db: Db, userId: string, now: string): Promise<SessionsTable[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).where('expires_at', '>', now).orderBy('created_at', 'desc').execute();
}

/** Ends every open session of a user (or only `sessionId`); returns how many ended. The audit event is written even when none was open. */
export async function revokeUserSessions(trx: Tx, userId: string, at: string, audit: AuditInput, sessionId?: string): Promise<number> {
  let query = trx.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (sessionId !== undefined) query = query.where('id', '=', sessionId);
  const result = await query.executeTakeFirst();
  await appendAudit(trx, audit);
  return Number(result.numUpdatedRows);
}

/** Revokes a pending session without an audit event of its own (the full session that replaces it is audited). */
export async function retireSession(trx: Tx, id: string, at: string): Promise<void> {
  await trx.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export type { SessionStage };

export async function insertSignInFailure(trx: Tx, failure: { account: string; address: string; at: string }, audit: AuditInput): Promise<void> {
  const row: SignInFailuresTable = { id: newId(), account: failure.account, address: failure.address, at: failure.at, cleared_at: null };
  await trx.insertInto('sign_in_failures').values(row).execute();
  await appendAudit(trx, audit);
}

/** Failures not cleared since `since`, of one account or one address. */
export async function recentFailures(db: Db, by: { account: string } | { address: string }, since: string): Promise<{ count: number; oldest: string | null }> {
  let query = db
    .selectFrom('sign_in_failures')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('at').as('oldest')])
    .where('at', '>', since)
    .where('cleared_at', 'is', null);
  query = 'account' in by ? query.where('account', '=', by.account) : query.where('address', '=', by.address);
  const row = await query.executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: (row.oldest as string | null) ?? null };
}

/** Accounts or addresses with at least `min` failures not cleared since `since`. */
export async function failureGroups(db: Db, column: 'account' | 'address', since: string, min: number): Promise<{ subject: string; count: number; oldest: string }[]> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .select((eb) => [eb.ref(column).as('subject'), eb.fn.countAll().as('n'), eb.fn.min('at').as('oldest')])
    .where('at', '>', since)
    .where('cleared_at', 'is', null)
    .groupBy(column)
    .having((eb) => eb.fn.countAll(), '>=', min)
    .orderBy(column)
    .execute();
  return rows.map((r) => ({ subject: String(r.subject), count: Number(r.n), oldest: String(r.oldest) }));
}

/** Clears the counted failures of an account or address (lifts its lock-out); returns how many. */
export async function clearFailures(trx: Tx, by: { account: string } | { address: string }, at: string, audit: AuditInput): Promise<number> {
  let query = trx.updateTable('sign_in_failures').set({ cleared_at: at }).where('cleared_at', 'is', null);
  query = 'account' in by ? query.where('account', '=', by.account) : query.where('address', '=', by.address);
  const result = await query.executeTakeFirst();
  await appendAudit(trx, audit);
  return Number(result.numUpdatedRows);
}
