/**
 * The password policy (docs/identity.md): at least PASSWORD_MIN_LENGTH characters, and not one of
 * the common passwords of a list (the caller passes it in: a package's list when installed, the
 * short built-in one otherwise), nor the account's own email. Pure: no I/O.
 *
 * Example: passwordProblem('password1234', { common: new Set(['password1234']) }) → 'it is a common password; choose another'
 */
import { DomainError } from '../errors';

export const PASSWORD_MIN_LENGTH = 12;

export interface PasswordPolicy {
  /** Lower-case common passwords. */
  common: ReadonlySet<string>;
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, policy: PasswordPolicy, email?: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `use at least ${PASSWORD_MIN_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (policy.common.has(lower)) return 'it is on a list of common passwords; choose another';
  if (email && (lower === email.toLowerCase() || lower === email.toLowerCase().split('@')[0])) return 'it must not be your email address';
  return null;
}

/** Throws `user.password_weak` (naming the reason, never the password) when the policy refuses it. */
export function assertPasswordAcceptable(password: string, policy: PasswordPolicy, email?: string): void {
  const problem = passwordProblem(password, policy, email);
  if (problem) throw new DomainError('user.password_weak', `The password is not accepted: ${problem}`);
}
