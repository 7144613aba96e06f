/**
 * Sign-in lock-outs as a system manager sees them, and lifting one (docs/identity.md). A lock is
 * an account (the email typed) or a client address with at least its limit of failed sign-ins
 * in the window; lifting clears those failures, audited as `sign_in.lock_lifted`.
 */
import { type LiftSignInLockRequest, type SignInLock, liftSignInLockRequestSchema } from '../../common/contracts/identity.contract';
import { clearFailures, failureGroups } from '../db/identity.repository';
import type { SignInLimits } from '../domain/identity/sign-in-limits';
import { authorizeSession } from '../policies/session.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';

/** Accounts and addresses locked out now, with when each lock ends by itself. */
export async function listSignInLocks(ctx: CommandContext, limits: SignInLimits): Promise<SignInLock[]> {
  authorizeSession('manageUsers', ctx.actor);
  const since = new Date(ctx.clock.now().getTime() - limits.windowMs).toISOString();
  const until = (oldest: string) => new Date(new Date(oldest).getTime() + limits.windowMs).toISOString();
  const [accounts, addresses] = await Promise.all([failureGroups(ctx.db, 'account', since, limits.maxPerAccount), failureGroups(ctx.db, 'address', since, limits.maxPerAddress)]);
  return [
    ...accounts.map((g) => ({ kind: 'account' as const, subject: g.subject, failures: g.count, lockedUntil: until(g.oldest) })),
    ...addresses.map((g) => ({ kind: 'address' as const, subject: g.subject, failures: g.count, lockedUntil: until(g.oldest) })),
  ];
}

/** Clears the failed sign-ins of an account (`email`) or an address; returns how many were cleared. */
export async function liftSignInLock(ctx: CommandContext, input: unknown): Promise<number> {
  authorizeSession('manageUsers', ctx.actor);
  const request: LiftSignInLockRequest = parseInput(liftSignInLockRequestSchema, input);
  const by = 'email' in request ? { account: request.email } : { address: request.address };
  const subject = 'email' in request ? { email: request.email } : { address: request.address };
  return inTransaction(ctx, (trx) =>
    clearFailures(trx, by, nowIso(ctx), auditBy(ctx, 'sign_in.lock_lifted', { type: 'sign_in_lock', id: 'email' in request ? request.email : request.address }, subject)),
  );
}
