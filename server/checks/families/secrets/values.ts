/**
 * Judging a value found next to a secret-like name: is it a real literal, or a placeholder,
 * a reference to somewhere else (environment, template, vault), or code? And is it random
 * enough to be a generated key?
 *
 * Example: `isPlaceholder('${DB_PASSWORD}', 'password')` and `isPlaceholder('changeme', 'pwd')`
 * are true; `isPlaceholder('hardcoded0', 'password')` is false.
 */

/** Whole values (compared lower-case, without punctuation) that only stand in for a secret. */
const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'changeit',
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'token',
  'apikey',
  'key',
  'test',
  'testing',
  'tests',
  'example',
  'dummy',
  'sample',
  'placeholder',
  'redacted',
  'removed',
  'hidden',
  'none',
  'null',
  'nil',
  'undefined',
  'true',
  'false',
  'todo',
  'tbd',
  'fixme',
  'foobar',
  'default',
  'empty',
  'required',
  'optional',
  'string',
  'str',
  'value',
  'mypassword',
  'yourpassword',
  'mysecret',
  'yoursecret',
  'mytoken',
  'yourtoken',
  'secretkey',
  'accesskey',
  'apitoken',
  'authtoken',
  'notset',
  'unset',
]);

/** Fragments that mark a value as a stand-in wherever they occur in it. */
const PLACEHOLDER_FRAGMENTS =
  /^[a-z_-]*(?:password|passwd|secret|token)$|^(?:some|my|your|the|a|new|old)[_-]?(?:pass|key)s?$|example|dummy|placeholder|changeme|change_me|change-me|your[_-]|_here\b|<[^>]*>|\{\{|\$\{|<%|%env\(|\*\*\*|xxxx|replace[_-]?me|redacted/i;

/** References to values kept elsewhere: `$VAR`, `%VAR%`, `{VAR}`, `!Ref x`, `@var@`, `ENV_NAME`. */
const REFERENCE = /^(?:\$[\w{(]|%[\w.()-]+%$|\{[\w.\s-]*\}$|!\w|@\w+@$|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$)/;

/** Only masking or filler characters: `****`, `xxxxx`, `.....`, `-----`. */
const FILLER = /^[xX*•.#_\-?\s0]+$/;
/** One character over and over (`aaaaaaaa`). */
const REPEATED = /^(.)\1+$/;

const NON_ALNUM = /[^a-z0-9]/g;

/**
 * Whether `value` merely stands in for a secret: empty, a placeholder word, a template or
 * environment reference, masking characters, or the setting's own name
 * (`DB_PASSWORD=DB_PASSWORD`, `password: password`).
 */
export function isPlaceholder(value: string, keyName: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (FILLER.test(v) || REPEATED.test(v) || REFERENCE.test(v) || PLACEHOLDER_FRAGMENTS.test(v)) return true;
  const plain = v.toLowerCase().replace(NON_ALNUM, '');
  if (plain === '' || PLACEHOLDER_WORDS.has(plain)) return true;
  const key = keyName.toLowerCase().replace(NON_ALNUM, '');
  if (plain === key || (key.length > 0 && key.endsWith(plain) && plain.length >= 4 && !/\d/.test(plain))) return true;
  return false;
}

const counts = new Uint16Array(128);

/** Shannon entropy in bits per character over ASCII (non-ASCII characters count as one symbol). */
export function shannonEntropy(value: string): number {
  counts.fill(0);
  const n = value.length;
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    counts[c < 128 ? c : 127]! += 1;
  }
  let bits = 0;
  for (let i = 0; i < 128; i++) {
    const k = counts[i]!;
    if (k === 0) continue;
    const p = k / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const TOKEN_CHARS = /^[A-Za-z0-9+/=_\-.~:]+$/;

/** Minimum length of a generated key or token. */
export const HIGH_ENTROPY_MIN_LENGTH = 20;
/** Minimum Shannon entropy, in bits per character, of a generated key or token. */
export const HIGH_ENTROPY_MIN_BITS = 3.5;

/**
 * Whether `value` looks generated: at least 20 characters of a base64/hex/URL-safe alphabet,
 * at least 3.5 bits of entropy per character, and a mix of letters and digits.
 */
export function isHighEntropyToken(value: string): boolean {
  if (value.length < HIGH_ENTROPY_MIN_LENGTH || !TOKEN_CHARS.test(value)) return false;
  if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= HIGH_ENTROPY_MIN_BITS;
}
