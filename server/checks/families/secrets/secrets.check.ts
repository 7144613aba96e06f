/**
 * The `secrets` line detector: private keys, service tokens, credentials in URLs, passwords and
 * secrets assigned literal values, and high-entropy values next to secret-like names. Every
 * finding blocks. A private key's body lines are skipped until its END line, so a key is
 * reported once, at its BEGIN line.
 *
 * Not secrets: public keys and certificates, placeholders (`changeme`, `${VAR}`, `<password>`,
 * `****`, empty strings), code that reads a secret from elsewhere (`SECRET = os.environ["SECRET"]`),
 * and hashes or commit ids under names that are not secret-like (`integrity: sha512-…`).
 *
 * Example: `"password = 'hunter22'"` in `app.py` gives `secrets.password_assignment` at column 1.
 */
import { ANY, type HintedLineDetector, type LineHints } from '../../engine/line-hints';
import type { Finding, FileInfo, LineDetectorFactory } from '../../engine/types';
import { isSourceCode } from '../../shared/file-kind';
import { FindingBudget, NO_FINDINGS } from '../../shared/finding-budget';
import { type ValueSpan, closingMarkerEnd } from '../../shared/finding-spans';
import { type AssignmentHit, findAssignments } from './assignments';
import { keyNameWords } from './key-names';
import { TOKEN_FORMATS, TOKEN_HINTS, findCredentialsInUrl, findPrivateKey } from './token-formats';
import { isHighEntropyToken, isPlaceholder } from './values';

/** Any of the words a secret could sit next to. */
const NAME_HINT = /pass|pwd|secret|token|key|auth|cred|bearer|signatur|salt|cookie|session/i;
/** `.netrc` lines assign without an operator (`machine h login u password p`). */
const NETRC_START = /^\s*(?:machine|default|login|password|account)\s/;

/**
 * What every non-token secret needs on its line: an assignment (`=`, `:`, `<` for XML, `(` for
 * getenv defaults; `:` also starts `://`) or a key block's `-----`. One character-class scan
 * before the slower case-insensitive name scan, so plain data rows skip that scan.
 */
const MAY_ASSIGN = /[=:<(]|-----/;

/**
 * The prefilter (line-hints.ts): a pair from each of MAY_ASSIGN (`=`, `:`, `<`, `(`, `--`), the
 * NETRC_START keywords (`hi` of machine, `fa` of default, `gi` of login, `sw` of password, `cc`
 * of account) and each literal of TOKEN_HINTS (`A` + its next letter; `p_`…`f_` of ghp_,
 * github_, k_live_, npm_, hf_; `t-`, `k-` of glpat-, sk-; `xo` of xox; `ks` of hooks; `SG`;
 * `yJ` of eyJ; `be` of bearer).
 */
const SECRET_PAIRS: LineHints = {
  pairs: [
    [ANY, '=:<('],
    ['-', '-'],
    ['h', 'i'],
    ['f', 'a'],
    ['g', 'i'],
    ['s', 'w'],
    ['c', 'c'],
    ['A', 'KSBCGINRPc'],
    ['pousrbkmf', '_'],
    ['tk', '-'],
    ['x', 'o'],
    ['k', 's'],
    ['S', 'G'],
    ['y', 'J'],
    ['Bb', 'e'],
  ],
};

/** Lines to skip after a BEGIN without its END before giving up on finding the END. */
const MAX_KEY_LINES = 500;
/** A key block's value ends with its `-----END … -----` marker. */
const KEY_END = { text: '-----END', closer: '-----', maxLines: MAX_KEY_LINES };

const WHAT = {
  private_key: 'a private key',
  credentials_in_url: 'a URL with an embedded password',
  password_assignment: 'a hard-coded password or secret',
  high_entropy: 'a high-entropy value next to a secret-like name',
  aws_secret_key: 'an AWS secret access key',
  npm_token: 'an npm auth token',
} as const;

const MESSAGES = {
  private_key: 'A private key block (BEGIN … PRIVATE KEY)',
  credentials_in_url: 'A URL or connection string with an embedded password',
  password_assignment: 'A password or secret written into the file as a literal value',
  high_entropy: 'A random-looking (high-entropy) value assigned to a secret-like name',
  aws_secret_key: 'An AWS secret access key (a 40-character key next to an AWS key name)',
  npm_token: 'An npm registry auth token (_authToken) written into the file',
} as const;

type AssignmentRule = keyof typeof MESSAGES;

/** Tokens published as documentation examples (`AKIAIOSFODNN7EXAMPLE`) or obvious stand-ins. */
const DOCUMENTATION_TOKEN = /example|dummy|placeholder|x{8}|0{12}/i;

/** Version ranges (`^7.1.3`), file paths (`/Users/x`, `./a`, `C:\\x`), CLI flags, URNs. */
const NOT_A_SECRET = /^(?:[\^~<>=v]*\d+(?:\.\d+)+$|\/|~\/|\.\.?\/|[A-Za-z]:\\|--|urn:)/;

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Which rule a literal next to a secret-like name breaks, if any. */
function ruleForAssignment(hit: AssignmentHit, code: boolean): AssignmentRule | undefined {
  const { value, name, kind } = hit;
  if (/\s/.test(value.trim()) || isPlaceholder(value, name) || NOT_A_SECRET.test(value)) return undefined;
  if (/^_auth(?:token)?$/i.test(name)) return 'npm_token';
  const words = keyNameWords(name);
  if (words.includes('aws') && /^[A-Za-z0-9/+=]{40}$/.test(value) && isHighEntropyToken(value)) return 'aws_secret_key';
  // Comparisons with a token or key (`token === '--require'`) are often parsing, not credentials.
  if (kind === 'weak' || (hit.comparison && kind !== 'password')) return isHighEntropyToken(value) ? 'high_entropy' : undefined;
  if (hit.inUrl) return 'credentials_in_url';
  if (kind === 'password') return 'password_assignment';
  if (value.length < 8) return undefined;
  if (isHighEntropyToken(value)) return 'high_entropy';
  // In code, `token`/`secret` also name parser tokens and labels ("?NonExpressionParenEnd"):
  // a credential there has at least a digit in it.
  if (code && !/\d/.test(value)) return undefined;
  return 'password_assignment';
}

/** Finds credentials; one finding per rule per line, all `block`. */
export const secretsDetector: LineDetectorFactory = (file: FileInfo, ctx): HintedLineDetector => {
  const budget = new FindingBudget('secrets', ctx.findingsPerRule);
  // Notebook cells are code as far as assignments go (`password = new_password` is not a literal).
  const code = isSourceCode(file) || file.name.endsWith('.ipynb');
  let insideKey = 0;

  return {
    family: 'secrets',
    hints: SECRET_PAIRS,
    everyLine: () => insideKey > 0,
    line(text: string, lineNo: number): Finding[] {
      if (insideKey > 0) {
        insideKey = text.includes('-----END') ? 0 : insideKey - 1;
        return NO_FINDINGS;
      }
      const assigns = MAY_ASSIGN.test(text) || NETRC_START.test(text);
      const tokens = TOKEN_HINTS[0].test(text) || TOKEN_HINTS[1].test(text);
      if (!assigns && !tokens) return NO_FINDINGS;
      const named = assigns && NAME_HINT.test(text);
      if (!named && !tokens && !text.includes('-----BEGIN') && !text.includes('://')) return NO_FINDINGS;
      let out = NO_FINDINGS;
      const add = (rule: string, message: string, what: string, offset: number, span: ValueSpan) => {
        if (out === NO_FINDINGS) out = [];
        budget.add(out, rule, 'block', message, what, lineNo, offset + 1, span);
      };

      const keyAt = findPrivateKey(text);
      if (keyAt >= 0) {
        const endAt = text.indexOf('-----END', keyAt);
        // The block runs to its END marker, on this line or on one of the next MAX_KEY_LINES.
        const span: ValueSpan = endAt >= 0 ? { start: keyAt, end: closingMarkerEnd(text, KEY_END) } : { start: keyAt, end: text.length, continuesUntil: KEY_END };
        add('private_key', MESSAGES.private_key, WHAT.private_key, keyAt, span);
        if (endAt < 0) insideKey = MAX_KEY_LINES;
        return out;
      }

      // Tokens already reported by format are not reported again as assigned values.
      let matchedTokens: string[] | undefined;
      if (tokens) {
        for (const format of TOKEN_FORMATS) {
          const m = format.pattern.exec(text);
          if (!m || (format.accept && !format.accept(m)) || DOCUMENTATION_TOKEN.test(m[0])) continue;
          // A format with a group (`AccountKey=(…)`, `Bearer (…)`): the group is the secret.
          const start = m[1] === undefined ? m.index : m.index + m[0].lastIndexOf(m[1]);
          add(format.rule, format.message, lowerFirst(format.message), m.index, { start, end: start + (m[1] ?? m[0]).length });
          (matchedTokens ??= []).push(m[0]);
        }
      }

      const url = findCredentialsInUrl(text);
      if (url) add('credentials_in_url', MESSAGES.credentials_in_url, WHAT.credentials_in_url, url.at, url);

      if (!named) return out;
      for (const hit of findAssignments(text, code)) {
        if (matchedTokens?.some((token) => token.includes(hit.value) || hit.value.includes(token))) continue;
        const rule = ruleForAssignment(hit, code);
        if (rule) add(rule, MESSAGES[rule], WHAT[rule], hit.offset, { start: hit.valueOffset, end: hit.valueOffset + hit.value.length });
      }
      return out;
    },
    finish: () => budget.finish(),
  };
};
