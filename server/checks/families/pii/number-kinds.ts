/**
 * Decides what a standalone run of digits is: an NHS number (mod-11), a payment card number
 * (issuer prefix + Luhn, and not a SNOMED CT/dm+d id, which carries a Verhoeff check digit),
 * or a telephone number (valid per libphonenumber's full metadata, UK first), with the
 * formatting each is written in. Cheap digit-count and first-digit gates run before any
 * allocation, so the long codes and counts in data files cost almost nothing.
 *
 * Example: `classifyRun('999 000 0026', true)` is `'nhs_number'`; `classifyRun('12391711000001105', true)` is undefined.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isValidCardNumber, isValidNhsNumber } from './checksums';

/** The identifier kinds found in digit runs, named as their rules (`pii.<kind>`). */
export type NumberKind = 'nhs_number' | 'payment_card' | 'phone';

/** Which kinds are still being looked for (a kind past its findings cap is not). */
export type KindSet = Record<NumberKind, boolean>;
const ALL_KINDS: KindSet = { nhs_number: true, payment_card: true, phone: true };

const NON_DIGITS = /\D/g;
const NHS_SPACED = /^\d{3}([ -])\d{3}\1\d{4}$/;
const CARD_GROUPED = /^(?:\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5})$/;
const GROUP_SEPARATORS = /[ ()+-]+/;
const BRACKETED_PREFIX = /^\((?:\+|0)/;
const MEMO_LIMIT = 100_000;
const nationalValidity = new Map<string, boolean>();

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

function passesVerhoeff(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![d]!]!;
  }
  return c === 0;
}

/** A SNOMED CT / dm+d identifier: a core or extension partition id and a Verhoeff check digit. */
export function isSnomedId(digits: string): boolean {
  const partition = digits.slice(-3, -1);
  if (!['00', '01', '02', '10', '11', '12'].includes(partition)) return false;
  return passesVerhoeff(digits);
}

/**
 * Phone-like grouping: at most six groups, none a lone digit except a country code after `+`
 * (`+1 415…`) or the trunk `(0)` — so SVG paths and lists of small numbers are not phones.
 */
function isPhoneGrouping(run: string): boolean {
  const groups = run.split(GROUP_SEPARATORS);
  let count = 0;
  for (const g of groups) {
    if (g === '') continue;
    count++;
    if (g.length === 1 && !(count === 1 && run.startsWith('+')) && !(g === '0' && run.includes('(0)'))) return false;
  }
  return count <= 6;
}

/** A phone number in a UK national format (leading 0) or international (`+`, `(+…)`). */
function isPhoneNumber(run: string, digits: string): boolean {
  if (!isPhoneGrouping(run)) return false;
  const first = run.charCodeAt(0);
  if (first === 40 /* ( */ && (!BRACKETED_PREFIX.test(run) || run.indexOf(')') < 0)) return false;
  // UK national numbers start 01/02/03/05/07/08/09; there are no 04 or 06 numbers.
  if (first === 48 /* 0 */ && (digits.charCodeAt(1) === 52 || digits.charCodeAt(1) === 54)) return false;
  if (first !== 48) return parsePhoneNumberFromString(run, 'GB')?.isValid() === true;
  // National numbers: validity depends only on the leading digits and the length (the metadata's
  // patterns end in `\d{n}`), so it is memoised per (first 7 digits, length) — a file of a
  // million phone numbers costs a few hundred parses, not a million.
  const key = `${digits.slice(0, 7)}:${digits.length}`;
  let valid = nationalValidity.get(key);
  if (valid === undefined) {
    valid = parsePhoneNumberFromString(digits, 'GB')?.isValid() === true;
    if (nationalValidity.size >= MEMO_LIMIT) nationalValidity.clear();
    nationalValidity.set(key, valid);
  }
  return valid;
}

/**
 * Whether a run with `n` digits, first digit `firstDigit` and first character `firstChar`
 * (char codes) could be any of the kinds — checked before anything is allocated.
 */
export function mayBeIdentifier(n: number, firstDigit: number, firstChar: number, kinds: KindSet = ALL_KINDS): boolean {
  const d = firstDigit - 48;
  if (kinds.nhs_number && n === 10 && d >= 3 && d !== 5) return true;
  if (kinds.payment_card && n >= 13 && n <= 19 && d >= 2 && d <= 6) return true;
  const phoneStart = firstChar === 43 /* + */ || firstChar === 40 /* ( */ || (firstChar === 48 && d === 0);
  return kinds.phone && phoneStart && n >= 8 && n <= 15;
}

/**
 * What kind of identifier a whole run is, if any. `bareNhs` says whether an unformatted
 * 10-digit number may be an NHS number (in source code it needs the word NHS on the line).
 */
export function classifyRun(run: string, bareNhs: boolean, kinds: KindSet = ALL_KINDS): NumberKind | undefined {
  let n = 0;
  let firstDigit = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (n === 0) firstDigit = c;
      n++;
    }
  }
  if (!mayBeIdentifier(n, firstDigit, run.charCodeAt(0), kinds)) return undefined;
  const digits = run.replace(NON_DIGITS, '');
  const plain = digits.length === run.length;
  if (kinds.nhs_number && n === 10 && ((plain && bareNhs) || NHS_SPACED.test(run)) && isValidNhsNumber(digits)) return 'nhs_number';
  if (kinds.payment_card && n >= 13 && (plain || CARD_GROUPED.test(run)) && isValidCardNumber(digits) && !isSnomedId(digits)) {
    return 'payment_card';
  }
  const first = run.charCodeAt(0);
  if (kinds.phone && (first === 43 || first === 40 || first === 48) && isPhoneNumber(run, digits)) return 'phone';
  return undefined;
}
