/**
 * Recovery codes: ten random codes of 16 base32 characters (80 bits each), shown once as
 * `abcd-efgh-ijkl-mnop`. Stored as sha256(salt ‖ code) with a random 16-byte salt per code.
 * A fast hash is enough here: unlike a password, a code is not chosen by a person, so there is no
 * dictionary to try and 2^80 guesses are out of reach however fast the hash is; a slow hash
 * (argon2id, used for passwords) would only make each sign-in with a code cost ten verifications.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** One new code, grouped for reading: `abcd-efgh-ijkl-mnop`. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

/** What a person typed, without dashes, spaces or case; null when it cannot be a recovery code. */
export function normaliseRecoveryCode(typed: string): string | null {
  const bare = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z2-7]{16}$/.test(bare) ? bare : null;
}

export function hashRecoveryCode(salt: string, normalised: string): string {
  return createHash('sha256').update(`${salt}:${normalised}`).digest('hex');
}

/** A salt and hash to store for a code. */
export function sealRecoveryCode(code: string): { salt: string; hash: string } {
  const salt = randomBytes(16).toString('hex');
  return { salt, hash: hashRecoveryCode(salt, normaliseRecoveryCode(code) as string) };
}

/** Whether a normalised code matches a stored salt and hash (constant-time comparison). */
export function recoveryCodeMatches(normalised: string, stored: { salt: string; code_hash: string }): boolean {
  const a = Buffer.from(hashRecoveryCode(stored.salt, normalised), 'hex');
  const b = Buffer.from(stored.code_hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
