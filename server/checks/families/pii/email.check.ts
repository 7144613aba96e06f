/**
 * Email addresses. Lines without `@` are skipped before any regular expression runs.
 * Not reported: the user part of a URL's credentials (`scheme://user:pass@host`, a secrets
 * finding), retina image names (`icon@2x.png`) and SSH remotes such as `git@github.com`.
 *
 * Example: `"contact ada@example.org"` gives `pii.email` at column 9.
 */
import { ANY, type HintedLineDetector, type LineHints } from '../../engine/line-hints';
import type { Finding, LineDetectorFactory } from '../../engine/types';
import { FindingBudget, NO_FINDINGS } from '../../shared/finding-budget';

/**
 * Local part (bounded), `@`, dot-separated DNS labels and an alphabetic top-level domain.
 * Labels cannot start or end with `-`, and each repeat consumes a literal dot, so matching is linear.
 */
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;

/** Top-level "domains" that are really file extensions (`logo@2x.png`, `module@1.0.js`). */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'css', 'js', 'ts', 'json', 'map', 'py', 'html', 'txt']);
/** Service accounts of code hosts used in SSH remotes, not people. */
const SERVICE_USERS = new Set(['git', 'hg', 'svn']);

/** Lines without `@` are never looked at. */
const EMAIL_HINTS: LineHints = { pairs: [[ANY, '@']] };

/** Finds email addresses; one finding per line. */
export const emailDetector: LineDetectorFactory = (_file, ctx): HintedLineDetector => {
  const budget = new FindingBudget('pii', ctx.findingsPerRule);
  let full = false;
  return {
    family: 'pii',
    hints: EMAIL_HINTS,
    line(text: string, lineNo: number): Finding[] {
      if (full || !text.includes('@')) return NO_FINDINGS;
      let out = NO_FINDINGS;
      EMAIL.lastIndex = 0;
      for (let m = EMAIL.exec(text); m; m = EMAIL.exec(text)) {
        const value = m[0];
        const at = value.indexOf('@');
        const tld = value.slice(value.lastIndexOf('.') + 1).toLowerCase();
        if (FILE_EXTENSIONS.has(tld)) continue;
        if (SERVICE_USERS.has(value.slice(0, at).toLowerCase())) continue;
        // `scheme://user:password@host`: the part before @ is a password, not a mailbox.
        if (m.index > 0 && text.charCodeAt(m.index - 1) === 58 /* : */ && text.lastIndexOf('://', m.index) >= 0) continue;
        if (out === NO_FINDINGS) out = [];
        budget.add(out, 'email', 'review', 'An email address', 'an email address', lineNo, m.index + 1, { start: m.index, end: m.index + value.length });
        full = budget.isFull('email');
        break;
      }
      return out;
    },
    finish: () => budget.finish(),
  };
};
