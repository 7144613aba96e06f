/**
 * IPv4 addresses that can point at a person's connection. Decisions (docs/design.md §7 asks for
 * identifiers, not every dotted number):
 * - octets must be 0–255 without leading zeros, and the address must stand alone (no digit,
 *   letter or dot on either side), so `1.2.3.4.5`, `v1.2.3.4` and `1.2.3` are not addresses;
 * - addresses that identify nobody outside a network are skipped: private (10/8, 172.16/12,
 *   192.168/16, 100.64/10), loopback, link-local, unspecified, multicast/reserved (224+) and the
 *   documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24);
 * - dotted numbers that are all below 32 (`11.6.2.2`, `8.8.8.8`) or start with 0–2 (`1.3.101.112`)
 *   read as section, version or OID numbers (losing a few real addresses such as 1.1.1.1),
 *   and so do dotted numbers after "section", "version", "§" and the like; reverse-DNS names
 *   (`42.2.0.192.in-addr.arpa`) are not addresses.
 * IPv6 is not detected (its text forms collide with times and hashes too often to be useful).
 *
 * Example: `"client 81.2.69.160 connected"` gives `pii.ip_address` at column 8.
 */
import { DIGITS, type HintedLineDetector, type LineHints } from '../../engine/line-hints';
import type { Finding, LineDetectorFactory } from '../../engine/types';
import { FindingBudget, NO_FINDINGS } from '../../shared/finding-budget';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Tried (sticky) only where a dot has digits on both sides; the boundary before is checked by hand. */
const IPV4 = new RegExp(`${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}(?![\\w-]|\\.\\w)`, 'y');
/** Words after which a dotted number is a section or version ("Section 13.3.3.7", "version 2.0.1.12"). */
const NUMBERING = /(?:section|chapter|clause|article|paragraph|para|rule|version|release|build|§)\s*$/i;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Whether the address is one that identifies no one on the public internet. */
function isNonPersonalAddress(a: number, b: number, c: number, d: number): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return true;
  if (a === 169 && b === 254) return true;
  if (a === 172 && b >= 16 && b <= 31) return true;
  if (a === 192 && b === 168) return true;
  if (a === 100 && b >= 64 && b <= 127) return true;
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return true;
  // Section, version and OID numbers: small numbers throughout, or a first arc of 0–2.
  return a < 3 || (a < 32 && b < 32 && c < 32 && d < 32);
}

/** Nothing happens unless a dot follows a digit. */
const IP_HINTS: LineHints = { pairs: [[DIGITS, '.']] };

/** Finds public IPv4 addresses; one finding per line. */
export const ipAddressDetector: LineDetectorFactory = (_file, ctx): HintedLineDetector => {
  const budget = new FindingBudget('pii', ctx.findingsPerRule);
  let full = false;
  return {
    family: 'pii',
    hints: IP_HINTS,
    line(text: string, lineNo: number): Finding[] {
      if (full) return NO_FINDINGS;
      let dot = text.indexOf('.');
      while (dot > 0) {
        if (!isDigit(text.charCodeAt(dot - 1)) || !isDigit(text.charCodeAt(dot + 1))) {
          dot = text.indexOf('.', dot + 1);
          continue;
        }
        let start = dot - 1;
        while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
        let end = dot + 1;
        while (end < text.length && (isDigit(text.charCodeAt(end)) || text.charCodeAt(end) === 46)) end++;
        const at = start > 0 ? text.charCodeAt(start - 1) : 32;
        // Not part of a word, a longer dotted number, a `$` name or a range (`-`).
        if (!(isWordChar(at) || at === 46 || at === 36 || at === 45)) {
          IPV4.lastIndex = start;
          const m = IPV4.exec(text);
          if (m && !isNonPersonalAddress(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])) && !NUMBERING.test(text.slice(Math.max(0, start - 16), start))) {
            const out: Finding[] = [];
            budget.add(out, 'ip_address', 'review', 'A public IPv4 address', 'a public IPv4 address', lineNo, start + 1, { start, end: start + m[0].length });
            full = budget.isFull('ip_address');
            return out;
          }
        }
        dot = text.indexOf('.', end);
      }
      return NO_FINDINGS;
    },
    finish: () => budget.finish(),
  };
};
