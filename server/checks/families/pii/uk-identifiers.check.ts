/**
 * UK postcodes and National Insurance numbers.
 *
 * Postcodes must have the full Royal Mail shape: an outward code (A9, A99, A9A, AA9, AA99, AA9A,
 * with the letters each position may hold) and an inward code (digit + two letters, never C I K
 * M O V), in upper or mixed case, with or without the space. Plain numbers (`95130-642`), ONS
 * area codes (`E06000001`) and outward codes alone are not postcodes. All-lower-case postcodes
 * (`eh12ng`, `sw1a 1aa`) look like ordinary identifiers in code, so they need a postcode word on
 * the line; ordinals such as "A1 2nd" are not postcodes.
 *
 * NI numbers: two prefix letters (neither D F I Q U V, second not O, and not BG GB NK KN TN NT
 * ZZ), six digits in any of the usual spacings, and a suffix A–D.
 *
 * Neither may touch a base64 character (`+`, `/`, `=`), so encoded images and keys stay quiet.
 *
 * Example: `"lives at SW1A 1AA"` gives `pii.uk_postcode` at column 10.
 */
import { DIGITS, LETTERS, UPPER, type HintedLineDetector, type LineHints } from '../../engine/line-hints';
import type { Finding, LineDetectorFactory } from '../../engine/types';
import { FindingBudget, NO_FINDINGS } from '../../shared/finding-budget';

const POSTCODE =
  /(?<![A-Za-z0-9+/\\#])(?:([A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])( ?)([0-9][ABD-HJLNP-UW-Z]{2})|GIR( ?)0AA)(?![A-Za-z0-9+/=])/gi;
const POSTCODE_WORD = /(?<![A-Za-z])(?:[Pp]ost ?[Cc]ode|POST ?CODE|[Pp]ostal|POSTAL|[Zz]ip|ZIP)(?![a-z])/;
const ORDINAL = /^[0-9](?:st|nd|rd|th)$/;

const NI_NUMBER = /(?<![A-Za-z0-9+/])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9+/=])/g;
const NI_NUMBER_SPACED = /(?<![A-Za-z0-9+/])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) (\d{3}) (\d{3}) ([A-D])(?![A-Za-z0-9+/=])/g;
const NI_PATTERNS = [NI_NUMBER, NI_NUMBER_SPACED];
/** Cheap gate without look-behinds: a postcode's inward code, or an NI number's prefix and digits. */
const HINT = /\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d\d/;
const NI_MESSAGE = 'A National Insurance number with a valid prefix and suffix';
const NI_EXCLUDED_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

function isPostcodeMatch(m: RegExpExecArray, line: string): boolean {
  const value = m[0];
  if (value.toUpperCase().startsWith('GIR')) return true;
  const inward = m[3] ?? '';
  const letters = value.replace(/[^A-Za-z]/g, '');
  const allLower = letters === letters.toLowerCase();
  // Lower-case letter-digit tokens are common in code and encoded data ("h9 1wj", "eh12ng").
  if (allLower) return !ORDINAL.test(inward) && POSTCODE_WORD.test(line);
  // A lower-case inward code after an upper-case outward code reads as prose ("A1 2nd", "B2 3rd").
  return !ORDINAL.test(inward);
}

/** What HINT needs: a digit then a letter, or two capitals. */
const UK_HINTS: LineHints = {
  pairs: [
    [DIGITS, LETTERS],
    [UPPER, UPPER],
  ],
};

/** Finds UK postcodes and National Insurance numbers; one finding per kind per line. */
export const ukIdentifiersDetector: LineDetectorFactory = (_file, ctx): HintedLineDetector => {
  const budget = new FindingBudget('pii', ctx.findingsPerRule);
  let postcodesFull = false;
  let niFull = false;
  return {
    family: 'pii',
    hints: UK_HINTS,
    line(text: string, lineNo: number): Finding[] {
      if ((postcodesFull && niFull) || !HINT.test(text)) return NO_FINDINGS;
      let out = NO_FINDINGS;
      POSTCODE.lastIndex = postcodesFull ? text.length : 0;
      for (let m = POSTCODE.exec(text); m; m = POSTCODE.exec(text)) {
        if (!isPostcodeMatch(m, text)) continue;
        if (out === NO_FINDINGS) out = [];
        budget.add(out, 'uk_postcode', 'review', 'A full UK postcode', 'a UK postcode', lineNo, m.index + 1, { start: m.index, end: m.index + m[0].length });
        postcodesFull = budget.isFull('uk_postcode');
        break;
      }
      for (const re of NI_PATTERNS) {
        re.lastIndex = niFull ? text.length : 0;
        let found = false;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          if (NI_EXCLUDED_PREFIXES.has(m[1]!)) continue;
          if (out === NO_FINDINGS) out = [];
          budget.add(out, 'ni_number', 'review', NI_MESSAGE, 'a National Insurance number', lineNo, m.index + 1, { start: m.index, end: m.index + m[0].length });
          niFull = budget.isFull('ni_number');
          found = true;
          break;
        }
        if (found) break;
      }
      return out;
    },
    finish: () => budget.finish(),
  };
};
