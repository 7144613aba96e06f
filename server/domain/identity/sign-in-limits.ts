/**
 * Sign-in limits (docs/identity.md): only failed sign-ins count, per account (the email typed)
 * and per client address, within a sliding window. Reaching either limit refuses further sign-ins
 * for that account or from that address until its failures leave the window or a system manager
 * lifts the lock-out. Pure: callers count, this decides.
 *
 * Example: lockedOut({ account: 5, address: 0 }, { maxPerAccount: 5, maxPerAddress: 50, windowMs: 900_000 }) → true
 */
export interface SignInLimits {
  /** Failures of one account within the window that lock it. */
  maxPerAccount: number;
  /** Failures from one address within the window that lock it. */
  maxPerAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { maxPerAccount: 5, maxPerAddress: 50, windowMs: 15 * 60_000 };

export function lockedOut(failures: { account: number; address: number }, limits: SignInLimits): boolean {
  return failures.account >= limits.maxPerAccount || failures.address >= limits.maxPerAddress;
}

/** The one message for every refused sign-in, whatever the cause (wrong password or code, unknown or disabled account, lock-out). */
export const SIGN_IN_REFUSED = 'Sign-in was refused. Check what you typed and try again; if it keeps failing, ask a system manager.';
