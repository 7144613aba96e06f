/**
 * Credentials recognisable by their own format, wherever they appear: private key blocks,
 * cloud and service tokens, and URLs with an embedded password. Each pattern is anchored on a
 * literal prefix so a line without it costs one failed scan.
 *
 * Example: `"aws_id: AKIAHI38FAKE1IWUQEEN"` matches `aws_access_key` at offset 8.
 */
import { isHighEntropyToken, isPlaceholder } from './values';

/** A credential format: the rule it reports, a description for the finding, and its pattern. */
export interface TokenFormat {
  rule: string;
  message: string;
  pattern: RegExp;
  /** Further check on the match (e.g. entropy), when the pattern alone is too loose. */
  accept?: (match: RegExpExecArray) => boolean;
}

/** Formats published by the issuers (and used by gitleaks/trufflehog rule sets). */
export const TOKEN_FORMATS: TokenFormat[] = [
  {
    rule: 'aws_access_key',
    message: 'An AWS access key id',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])/,
  },
  {
    rule: 'github_token',
    message: 'A GitHub access token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,247})(?![A-Za-z0-9_])/,
  },
  { rule: 'gitlab_token', message: 'A GitLab personal access token', pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/ },
  { rule: 'slack_token', message: 'A Slack token', pattern: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,250}/ },
  { rule: 'slack_webhook', message: 'A Slack incoming-webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/ },
  { rule: 'google_api_key', message: 'A Google API key', pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/ },
  { rule: 'stripe_key', message: 'A Stripe live secret or restricted key', pattern: /(?<![A-Za-z0-9])[sr]k_live_[0-9A-Za-z]{20,247}/ },
  { rule: 'npm_token', message: 'An npm access token', pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/ },
  { rule: 'sendgrid_key', message: 'A SendGrid API key', pattern: /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/ },
  { rule: 'huggingface_token', message: 'A Hugging Face access token', pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9])/ },
  {
    rule: 'ai_api_key',
    message: 'An OpenAI or Anthropic API key',
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,200}(?![A-Za-z0-9_-])/,
    accept: (m) => isHighEntropyToken(m[0]),
  },
  {
    rule: 'jwt',
    message: 'A JSON Web Token (signed bearer credential)',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{16,1000}/,
  },
  {
    rule: 'azure_storage_key',
    message: 'An Azure storage account key in a connection string',
    pattern: /AccountKey=([A-Za-z0-9+/]{40,100}={0,2})/,
    accept: (m) => isHighEntropyToken(m[1]!),
  },
  {
    rule: 'bearer_token',
    message: 'A bearer token in an Authorization header',
    pattern: /\b[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{20,2000}=*)/,
    accept: (m) => isHighEntropyToken(m[1]!) && !isPlaceholder(m[1]!, 'token'),
  },
];

/**
 * Cheap gates for all of the above: each format contains one of these literals. Two short
 * regexes scan faster than one long alternation (the engine's first-character check stays sharp).
 */
export const TOKEN_HINTS = [
  /A(?:KIA|SIA|B[IC]A|CCA|GPA|I[DP]A|N[PV]A|ROA|PKA|SCA|Iza|ccountKey=)/,
  // Anchored on the rarer punctuation, with the prefix checked behind it.
  /[_.J-](?<=gh[pousr]_|github_pat_|k_live_|npm_|hf_|glpat-|xox[abposr]-|sk-|hooks\.|SG\.|eyJ)|[Bb]earer /,
] as const;

const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)(?:PRIVATE )?KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d+:/;

/**
 * Where a private key block starts on the line (`-----BEGIN … PRIVATE KEY-----`, including
 * RSA, DSA, EC, OPENSSH, ENCRYPTED and PGP PRIVATE KEY BLOCK, or a PuTTY key file), or -1.
 * Public keys and certificates do not count.
 */
export function findPrivateKey(text: string): number {
  if (!text.includes('-----BEGIN') && !text.includes('PuTTY-User-Key')) return -1;
  let from = 0;
  for (;;) {
    const m = PRIVATE_KEY_BEGIN.exec(text.slice(from));
    if (!m) return -1;
    if (!(m[1] ?? '').includes('PUBLIC')) return from + m.index;
    from += m.index + m[0].length;
  }
}

const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/([^\s/:@"'<>]{0,128}):([^\s/@"'<>]{1,256})@[A-Za-z0-9[._-]/g;
const URL_PLACEHOLDER_PASSWORDS = /^(?:pass(?:word)?|pwd|secret|x+|\*+|\.+|[$%{<:].*|.*[}>%]|user|username)$/i;

/**
 * A URL with an embedded, non-placeholder password (`scheme://user:pass@host`): where the URL
 * starts (`at`) and where its `user:pass` lies, [start, end).
 */
export function findCredentialsInUrl(text: string): { at: number; start: number; end: number } | undefined {
  if (!text.includes('://') || !text.includes('@')) return undefined;
  URL_CREDENTIALS.lastIndex = 0;
  for (let m = URL_CREDENTIALS.exec(text); m; m = URL_CREDENTIALS.exec(text)) {
    const password = m[2]!;
    if (URL_PLACEHOLDER_PASSWORDS.test(password) || isPlaceholder(password, 'password')) continue;
    const start = m.index + m[0].indexOf('://') + 3;
    return { at: m.index, start, end: start + m[1]!.length + 1 + password.length };
  }
  return undefined;
}
