/**
 * The TOTP second factor (docs/identity.md): enrolling (a secret shown once as a QR code and
 * text, confirmed by a code from it, then ten recovery codes shown once), the second sign-in
 * step (a TOTP code, never the same time step twice, or an unused recovery code), and a system
 * manager's reset, after which the person enrols again at their next sign-in.
 */
import type { EnrolmentStart, SecondFactorStatus } from '../../common/contracts/identity.contract';
import { secondFactorCodeRequestSchema } from '../../common/contracts/identity.contract';
import { claimRecoveryCode, claimTotpStep, clearSecondFactor, confirmTotpSecret, retireSession, revokeUserSessions, setPendingTotpSecret, unusedRecoveryCodes } from '../db/identity.repository';
import { findUserById } from '../db/users.repository';
import type { UsersTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { secondFactorRequired } from '../domain/identity/second-factor-policy';
import { authorizeSession } from '../policies/session.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { RECOVERY_CODE_COUNT, newRecoveryCode, normaliseRecoveryCode, recoveryCodeMatches, sealRecoveryCode } from './recovery-codes';
import { type SessionLimits, type SignInPolicy, type SignedIn, isLockedOut, openSession, refuseSignIn } from './sessions.commands';
import { matchTotp, newTotpSecret, otpauthUriOf, qrSvgOf } from './totp';

async function ownAccount(ctx: CommandContext): Promise<UsersTable> {
  const row = ctx.actor.userId ? await findUserById(ctx.db, ctx.actor.userId) : undefined;
  if (!row) throw new DomainError('auth.unauthenticated', 'Please sign in');
  return row;
}

/** The signed-in person's second factor: enrolled or not, required or not, recovery codes left. */
export async function secondFactorStatus(ctx: CommandContext, policy: SignInPolicy): Promise<SecondFactorStatus> {
  const row = await ownAccount(ctx);
  return {
    enrolled: row.totp_secret !== null,
    required: secondFactorRequired(policy.secondFactor, row.system_role),
    enrolledAt: row.totp_enrolled_at,
    recoveryCodesLeft: (await unusedRecoveryCodes(ctx.db, row.id)).length,
  };
}

/** Starts (or restarts) enrolment for the signed-in person: a new secret, not yet in force. */
export async function startEnrolment(ctx: CommandContext): Promise<EnrolmentStart> {
  const row = await ownAccount(ctx);
  const secret = newTotpSecret();
  await inTransaction(ctx, (trx) =>
    setPendingTotpSecret(trx, row.id, secret, auditBy(ctx, 'second_factor.enrolment_started', { type: 'user', id: row.id }, { reenrolment: row.totp_secret !== null })),
  );
  const otpauthUri = otpauthUriOf(secret, row.email);
  return { secret, otpauthUri, qrSvg: await qrSvgOf(otpauthUri) };
}

/**
 * Confirms enrolment with a code from the new secret: the secret replaces any earlier one and ten
 * new recovery codes (returned once) replace earlier codes. With `pendingSessionId` (a sign-in
 * waiting for enrolment) the pending session is replaced by a full one. Throws
 * `second_factor.not_enrolling` without a started enrolment, `second_factor.invalid_code` for a
 * wrong code (nothing changes).
 */
export async function confirmEnrolment(
  ctx: CommandContext,
  input: unknown,
  completing?: { pendingSessionId: string; limits: SessionLimits },
): Promise<{ recoveryCodes: string[]; signedIn: SignedIn | null }> {
  const { code } = parseInput(secondFactorCodeRequestSchema, input);
  const row = await ownAccount(ctx);
  if (!row.totp_pending_secret) throw new DomainError('second_factor.not_enrolling', 'Start enrolment first: scan the new QR code, then type a code from it');
  const step = matchTotp(row.totp_pending_secret, code, ctx.clock.now(), null);
  if (step === null) throw new DomainError('second_factor.invalid_code', 'That code does not match; check the time on your phone and type the current code');
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const at = nowIso(ctx);
  const signedIn = await inTransaction(ctx, async (trx) => {
    await confirmTotpSecret(
      trx,
      { userId: row.id, secret: row.totp_pending_secret as string, step, at, codes: recoveryCodes.map(sealRecoveryCode) },
      auditBy(ctx, 'second_factor.enrolled', { type: 'user', id: row.id }, { recoveryCodes: RECOVERY_CODE_COUNT }),
    );
    if (!completing) return null;
    await retireSession(trx, completing.pendingSessionId, at);
    const fresh = (await findUserById(trx, row.id)) as UsersTable;
    return openSession(trx, ctx, fresh, 'full', completing.limits, { secondFactor: 'enrolled' });
  });
  return { recoveryCodes, signedIn };
}

/**
 * The second sign-in step: a TOTP code of a time step not used before, or an unused recovery
 * code (then used up). Replaces the pending session by a full one. A wrong or replayed code is a
 * failed sign-in like a wrong password: counted, audited, refused with the one message.
 */
export async function completeSignIn(ctx: CommandContext, pendingSessionId: string, input: unknown, limits: SessionLimits, policy: SignInPolicy): Promise<SignedIn> {
  const { code } = parseInput(secondFactorCodeRequestSchema, input);
  const row = await ownAccount(ctx);
  const attempt = { email: row.email, userId: row.id };
  if (await isLockedOut(ctx.db, ctx.clock, row.email, ctx.origin?.address ?? 'unknown', policy.signInLimits)) throw await refuseSignIn(ctx, { ...attempt, reason: 'locked_out', counted: false });
  if (row.totp_secret === null) throw new DomainError('second_factor.not_pending', 'This account has no second factor; sign in again');
  const at = nowIso(ctx);
  const step = matchTotp(row.totp_secret, code.replace(/\s/g, ''), ctx.clock.now(), row.totp_last_step);
  const recovery = step === null ? normaliseRecoveryCode(code) : null;
  const candidates = recovery ? (await unusedRecoveryCodes(ctx.db, row.id)).filter((c) => recoveryCodeMatches(recovery, c)) : [];
  const signedIn = await inTransaction(ctx, async (trx) => {
    let method: 'totp' | 'recovery_code' | null = null;
    if (step !== null && (await claimTotpStep(trx, row.id, step))) method = 'totp';
    else if (candidates[0] && (await claimRecoveryCode(trx, candidates[0].id, at))) method = 'recovery_code';
    if (method === null) return null;
    await retireSession(trx, pendingSessionId, at);
    const left = method === 'recovery_code' ? (await unusedRecoveryCodes(trx, row.id)).length : undefined;
    return openSession(trx, ctx, row, 'full', limits, { secondFactor: method, ...(left === undefined ? {} : { recoveryCodesLeft: left }) });
  });
  if (!signedIn) {
    const replayed = step !== null || matchTotp(row.totp_secret, code.replace(/\s/g, ''), ctx.clock.now(), null) !== null;
    throw await refuseSignIn(ctx, { ...attempt, reason: replayed ? 'replayed_code' : recovery ? 'wrong_recovery_code' : 'wrong_code', counted: true });
  }
  return signedIn;
}

/**
 * A system manager removes a person's second factor and recovery codes (lost phone) and ends
 * their sessions; they enrol again at their next sign-in. Audited as `user.second_factor_reset`.
 */
export async function resetSecondFactor(ctx: CommandContext, userId: string): Promise<void> {
  authorizeSession('manageUsers', ctx.actor);
  const row = await findUserById(ctx.db, userId);
  if (!row) throw new DomainError('user.not_found', 'No such user');
  await inTransaction(ctx, async (trx) => {
    await clearSecondFactor(trx, row.id, auditBy(ctx, 'user.second_factor_reset', { type: 'user', id: row.id }, { email: row.email, wasEnrolled: row.totp_secret !== null }));
    await revokeUserSessions(trx, row.id, nowIso(ctx), auditBy(ctx, 'user.sessions_ended', { type: 'user', id: row.id }, { email: row.email, reason: 'second_factor_reset' }));
  });
}
