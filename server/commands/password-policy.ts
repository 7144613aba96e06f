/**
 * The common-password list the password policy checks against: the ~30,000 passwords of
 * @zxcvbn-ts/language-common when that package is installed, otherwise the short built-in list
 * (server/domain/identity/common-passwords.fallback.ts). Loaded once, on first use.
 */
import { FALLBACK_COMMON_PASSWORDS } from '../domain/identity/common-passwords.fallback';
import { type PasswordPolicy, assertPasswordAcceptable } from '../domain/identity/password-policy';

// A variable specifier: the package is optional, so the type checker must not require it.
const PACKAGE = '@zxcvbn-ts/language-common';
let loaded: Promise<PasswordPolicy> | undefined;

async function packageList(): Promise<readonly string[]> {
  try {
    const module = (await import(PACKAGE)) as { dictionary?: { passwords?: unknown } };
    const list = module.dictionary?.passwords;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/** The policy with the best list available here. */
export function passwordPolicy(): Promise<PasswordPolicy> {
  loaded ??= packageList().then((list) => ({ common: new Set([...FALLBACK_COMMON_PASSWORDS, ...list].map((p) => p.toLowerCase())) }));
  return loaded;
}

/** Throws `user.password_weak` unless the password meets the policy. */
export async function checkPassword(password: string, email?: string): Promise<void> {
  assertPasswordAcceptable(password, await passwordPolicy(), email);
}
