/**
 * What a setting's name says about its value. Only the last word of the name decides
 * (`resetUrlPassword` holds a password, `passwordResetUrl` holds a URL; `secretarySecret` holds
 * a secret, `secretSecretary` does not), with `key` needing a qualifier (`api_key`, `aws_key`,
 * `secret_key` — not `bucket_key`, `publicKey` or `gpgkey`).
 *
 * - `password`: any literal is a finding (password, passwd, pwd, passphrase, `userpass`…; not
 *   `minipass` or `bypass`).
 * - `secret`: any literal that is not a placeholder is a finding (secret, token, api_key…).
 * - `weak`: only a generated-looking (high-entropy) value is a finding (access_key, auth,
 *   session, signature, credential…).
 *
 * Example: `classifyKeyName('FAIL3_PSQL_PASSWORD')` is `'password'`; `classifyKeyName('publicKey')`
 * is undefined.
 */

/** How strongly a name implies that its value is a credential. */
export type KeyNameKind = 'password' | 'secret' | 'weak';

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'passcode', 'pword']);
/** Short forms that are passwords alone or after an owner (`pass`, `db_pass`, `userPwd`), not in `allPass` or `renderPass`. */
const SHORT_PASSWORD_WORDS = new Set(['pass', 'pwd', 'pw']);
/** Who a short password word may belong to (`db_pass`, `smtpPwd`, glued `userpass`). */
const OWNERS =
  'user|db|database|admin|root|my|app|mysql|pg|postgres|redis|smtp|mail|email|ftp|sftp|ssh|login|master|sys|ldap|proxy|key|keystore|truststore|store|bind|auth|client|server|rabbit|mongo|service|web|wifi|vnc|sql|old|new|current|confirm|account|api|basic';
/** Glued names that end in a password word: any `…password`, but `…pass`/`…pwd` only after an owner. */
const GLUED_PASSWORD = new RegExp(`^(?:\\w+(?:password|passwd)|(?:${OWNERS})(?:pass|pwd))$`);
const OWNER = new RegExp(`^(?:${OWNERS})$`);
const SECRET_WORDS = new Set(['secret', 'token', 'apikey', 'authtoken', 'accesstoken', 'secretkey', 'privatekey', 'clientsecret', 'credentials', 'credential']);
/** Qualifiers that make a `key` (or a glued `…key`) a credential. */
const STRONG_KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'encryption', 'signing', 'master', 'client']);
const WEAK_KEY_QUALIFIERS = new Set([
  'access',
  'aws',
  'account',
  'storage',
  'app',
  'application',
  'service',
  'consumer',
  'shared',
  'hmac',
  'auth',
  'session',
  'subscription',
  'license',
  'licence',
  'admin',
  'deploy',
  'ssh',
  'crypt',
]);
const WEAK_WORDS = new Set(['auth', 'bearer', 'signature', 'salt', 'cookie', 'session', 'sessionid', 'hmac', 'creds', 'accesskey', 'authkey', 'authorization', 'apisecret', 'sas']);

const CAMEL = /([a-z0-9])([A-Z])/g;
const SEPARATORS = /[^A-Za-z0-9]+/;

/** Splits `secretarySecret`, `FAIL3_PSQL_PASSWORD`, `_authToken`, `aws-key` into lower-case words. */
export function keyNameWords(name: string): string[] {
  return name
    .replace(CAMEL, '$1 $2')
    .split(SEPARATORS)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** How strongly the name implies a credential, from its last word (and the one before). */
export function classifyKeyName(name: string): KeyNameKind | undefined {
  const words = keyNameWords(name);
  const last = words[words.length - 1];
  if (!last) return undefined;
  const prev = words[words.length - 2] ?? '';
  if (PASSWORD_WORDS.has(last)) return 'password';
  if (SHORT_PASSWORD_WORDS.has(last) && (words.length === 1 || OWNER.test(prev))) return 'password';
  if (GLUED_PASSWORD.test(last)) return 'password';
  if (SECRET_WORDS.has(last)) return 'secret';
  if (last === 'key' || last === 'keys') {
    if (STRONG_KEY_QUALIFIERS.has(prev)) return 'secret';
    if (WEAK_KEY_QUALIFIERS.has(prev)) return 'weak';
    return undefined;
  }
  if (WEAK_WORDS.has(last)) return 'weak';
  return undefined;
}
