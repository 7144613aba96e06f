/**
 * Phone numbers (UK first), NHS numbers and payment card numbers, in runs of digits with
 * phone-style separators (space, hyphen, brackets, a leading `+`). A regex finds where nine
 * digits sit close together; only there is the whole run walked by hand, so a line of dates and
 * counts costs one regex test. A run must stand alone: no letter, digit, dot, slash, plus or
 * hyphen right before it and no letter, digit or decimal part right after, so codes such as
 * 17-digit dm+d/SNOMED ids, decimals in spreadsheet XML (`<v>0.0123456789</v>`) and version
 * strings never have phone- or NHS-shaped pieces carved out of them.
 *
 * In source code an unformatted 10-digit number needs the word NHS on the line to count as an
 * NHS number (32-bit constants pass mod-11 as often as anything else).
 *
 * Example: `"Call 020 7946 0958"` gives `pii.phone` at column 6; `"12391711000001105"` gives nothing.
 */
import type { HintedLineDetector, LineHints } from '../../engine/line-hints';
import type { Finding, LineDetectorFactory } from '../../engine/types';
import { isSourceCode } from '../../shared/file-kind';
import { FindingBudget, NO_FINDINGS } from '../../shared/finding-budget';
import { type KindSet, type NumberKind, classifyRun, mayBeIdentifier } from './number-kinds';

const NHS_WORD = /(?<![A-Za-z])(?:NHS|[Nn]hs)(?![a-z])/;
/**
 * Nine digits, each pair at most two separators apart (`(0161) 496`): where a candidate run may
 * be. The regex engine skips the rest of the line natively.
 */
const SEED = /\d[ ()-]{0,2}\d[ ()-]{0,2}\d[ ()-]{0,2}\d[ ()-]{0,2}\d[ ()-]{0,2}\d[ ()-]{0,2}\d[ ()-]{0,2}\d[ ()-]{0,2}\d/g;
/** Digits a window of space-separated groups may hold: no identifier here is longer than 19. */
const MAX_DIGITS = 19;
/** Runs longer than this are split at wider gaps first (no identifier is written this long). */
const MAX_RUN = 256;
const WIDE_GAP = / {2,}/g;

const MESSAGES: Record<NumberKind, { message: string; what: string }> = {
  nhs_number: { message: 'An NHS number with a valid check digit', what: 'an NHS number' },
  payment_card: { message: 'A payment card number with a known issuer prefix and a valid Luhn check digit', what: 'a payment card number' },
  phone: { message: 'A telephone number that is valid for its country (UK unless it has an international prefix)', what: 'a telephone number' },
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space, hyphen and brackets: what may separate the digit groups of one number. */
function isSeparator(c: number): boolean {
  return c === 32 || c === 45 || c === 40 || c === 41;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Letters, digits, `_`, `.`, `+`, `/`, `-` before a run make it part of something else. */
function joinsRun(c: number): boolean {
  return isWordChar(c) || c === 46 || c === 43 || c === 47 || c === 45;
}

/**
 * A run with spaces that fails as a whole may hold several numbers side by side
 * ("07412345678 07412345679", or a row of a fixed-width table): try windows of consecutive
 * groups, longest first, holding at most 19 digits.
 */
function classifyParts(run: string, bareNhs: boolean, kinds: KindSet, report: (kind: NumberKind, offset: number, length: number) => void): void {
  const starts: number[] = [];
  const ends: number[] = [];
  const digitCounts: number[] = [];
  for (let i = 0; i < run.length;) {
    while (i < run.length && run.charCodeAt(i) === 32) i++;
    if (i >= run.length) break;
    const s = i;
    let d = 0;
    while (i < run.length && run.charCodeAt(i) !== 32) d += isDigit(run.charCodeAt(i++)) ? 1 : 0;
    starts.push(s);
    ends.push(i);
    digitCounts.push(d);
  }
  // A lone digit is never a group of an identifier (except `+1` or `(0)`): windows stop there.
  const lone = (k: number) => digitCounts[k] === 1 && run[starts[k]!] !== '+' && run.slice(starts[k], ends[k]) !== '(0)';
  let i = 0;
  while (i < starts.length) {
    if (lone(i)) {
      i += 1;
      continue;
    }
    let last = i;
    let digits = digitCounts[i]!;
    while (last + 1 < starts.length && !lone(last + 1) && digits + digitCounts[last + 1]! <= MAX_DIGITS) digits += digitCounts[++last]!;
    let matched = false;
    const firstChar = run.charCodeAt(starts[i]!);
    const firstDigit = isDigit(firstChar) ? firstChar : run.charCodeAt(starts[i]! + 1);
    for (let j = last, n = digits; j >= i && !matched; n -= digitCounts[j--]!) {
      if (i === 0 && j === starts.length - 1) continue; // the whole run already failed
      if (!mayBeIdentifier(n, firstDigit, firstChar, kinds)) continue; // checked before slicing
      const kind = classifyRun(run.slice(starts[i], ends[j]), bareNhs, kinds);
      if (kind) {
        report(kind, starts[i]!, ends[j]! - starts[i]!);
        i = j + 1;
        matched = true;
      }
    }
    if (!matched) i += 1;
  }
}

/** SEED needs nine digits on the line. */
const NUMBER_HINTS: LineHints = { minDigits: 9 };

/** Finds phone, NHS and payment card numbers; one finding per kind per line. */
export const numbersDetector: LineDetectorFactory = (file, ctx): HintedLineDetector => {
  const budget = new FindingBudget('pii', ctx.findingsPerRule);
  const code = isSourceCode(file);
  // Kinds still looked for; one past its findings cap is dropped (see FindingBudget.isFull).
  const kinds: KindSet = { nhs_number: true, payment_card: true, phone: true };
  return {
    family: 'pii',
    hints: NUMBER_HINTS,
    line(text: string, lineNo: number): Finding[] {
      let out = NO_FINDINGS;
      if (!kinds.nhs_number && !kinds.payment_card && !kinds.phone) return out;
      const len = text.length;
      SEED.lastIndex = 0;
      // `test` on a global regex moves lastIndex past the match without allocating a match object.
      while (SEED.test(text)) {
        // Back to the start of this run of digits and separators, then to its first digit.
        let i = SEED.lastIndex - 1;
        while (i > 0 && (isDigit(text.charCodeAt(i - 1)) || isSeparator(text.charCodeAt(i - 1)))) i--;
        while (!isDigit(text.charCodeAt(i))) i++;
        const firstDigit = text.charCodeAt(i);
        let start = i;
        if (start > 0 && text.charCodeAt(start - 1) === 43 /* + */) start--;
        if (start > 0 && text.charCodeAt(start - 1) === 40 /* ( */) start--;
        let digits = 0;
        let last = i;
        let spaced = false;
        let j = i;
        for (; j < len; j++) {
          const c = text.charCodeAt(j);
          if (isDigit(c)) {
            digits++;
            last = j;
          } else if (c === 32) spaced = true;
          else if (c !== 45 && c !== 40 && c !== 41) break;
        }
        SEED.lastIndex = j;
        if (digits < 8) continue;
        if (start > 0 && joinsRun(text.charCodeAt(start - 1))) continue;
        const next = last + 1 < len ? text.charCodeAt(last + 1) : 32;
        if (isWordChar(next) || (next === 46 /* . */ && isDigit(text.charCodeAt(last + 2)))) continue;
        const firstChar = text.charCodeAt(start);
        if (!spaced && !mayBeIdentifier(digits, firstDigit, firstChar, kinds)) continue;

        const run = text.slice(start, last + 1);
        const report = (kind: NumberKind, offset: number, length: number): void => {
          if (out === NO_FINDINGS) out = [];
          const { message, what } = MESSAGES[kind];
          budget.add(out, kind, 'review', message, what, lineNo, start + offset + 1, { start: start + offset, end: start + offset + length });
          if (budget.isFull(kind)) kinds[kind] = false;
        };
        // In code, the word NHS must be close before the number (minified lines are long).
        const bareNhs = !code || NHS_WORD.test(text.slice(Math.max(0, start - 40), start));
        if (run.length <= MAX_RUN) {
          const kind = classifyRun(run, bareNhs, kinds);
          if (kind) report(kind, 0, run.length);
          else if (spaced) classifyParts(run, bareNhs, kinds, report);
        } else {
          // A very long run (a fixed-width table row, a dump of numbers): look only at the pieces
          // between wider gaps, and skip any piece that is itself very long.
          WIDE_GAP.lastIndex = 0;
          let from = 0;
          for (let gap = WIDE_GAP.exec(run); ; gap = WIDE_GAP.exec(run)) {
            const to = gap ? gap.index : run.length;
            if (to - from <= MAX_RUN && to > from) {
              const piece = run.slice(from, to);
              const base = from;
              const report2 = (kind: NumberKind, offset: number, length: number) => report(kind, base + offset, length);
              const kind = classifyRun(piece, bareNhs, kinds);
              if (kind) report2(kind, 0, piece.length);
              else if (piece.includes(' ')) classifyParts(piece, bareNhs, kinds, report2);
            }
            if (!gap) break;
            from = gap.index + gap[0].length;
          }
        }
      }
      return out;
    },
    finish: () => budget.finish(),
  };
};
