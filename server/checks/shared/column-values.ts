/**
 * What a value under a person-name or date-of-birth column must look like to be reported, shared
 * by the delimited-text detector (context.check.ts) and the spreadsheet one (sheet-columns.ts).
 *
 * Example: under a `surname` column `DRIVER` and `Ada Lovelace` are names, `n/a` and `42` are
 * not; under a `dob` column `10/12/1815`, `18151210` and the date serial `44197` are dates.
 */
import { findDate } from './dates';

/** In a name column, upper-case surnames ("DRIVER") are names too. */
const COLUMN_WORD = "[A-ZÀ-Þ][A-Za-zß-ÿ'’\\-]+";
const COLUMN_NAME = new RegExp(`^[ \\t]*${COLUMN_WORD}(?:[ \\t]${COLUMN_WORD}){0,3}[ \\t]*$`);
const NOT_A_NAME = new Set(['na', 'n/a', 'null', 'none', 'unknown', 'redacted', 'missing', 'true', 'false', 'yes', 'no', 'male', 'female', 'other', 'name']);
/**
 * Dates written yyyymmdd, or spreadsheet date serials (days since 1899-12-30, 1–59999: up to
 * 2064; a serial below 1 is a time of day, not a date) — accepted only under a date-of-birth column, where the header says what they are.
 */
const COMPACT_DATE = /^\s*(?:(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?!0)[1-5]?\d{1,4}(?:\.\d+)?)\s*$/;

export const NAME_MESSAGE = 'A person name (after a salutation, a name label or under a name column)';
export const DOB_MESSAGE = 'A date of birth (a date with a birth keyword or under a date-of-birth column)';

/** Whether a value under a person-name column reads as a name (one to four capitalised words). */
export function isNameValue(value: string): boolean {
  return COLUMN_NAME.test(value) && !NOT_A_NAME.has(value.trim().toLowerCase());
}

/** Whether a value under a date-of-birth column is a date (written out, yyyymmdd or a date serial). */
export function isBirthDateValue(value: string): boolean {
  return findDate(value) >= 0 || COMPACT_DATE.test(value);
}
