/**
 * Finds calendar dates in text: numeric day-month-year (either order), ISO year-month-day, and
 * dates with a month name ("15th June 1991", "22-nov-1972", "may 14th 1983", "June 4, 1976").
 * A date alone is not personal data; the caller decides whether its context makes it a date of
 * birth.
 *
 * Example: `findDate("My dob is 22-11-1972")` is 10 (the 0-based offset of the date).
 */

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const YEAR4 = '((?:19|20)\\d\\d)';
const ORD = '(?:st|nd|rd|th)?';

/** Alternatives, each with its own capture groups; see `validDate` for how they are read. */
const DATE = new RegExp(
  [
    // 1-4: 17/06/1976, 02.12.1979, 22-11-1972, 11/22/72
    `(?<![\\w./-])(\\d{1,2})([/.-])(\\d{1,2})\\2((?:19|20)?\\d\\d)(?![\\w/-]|\\.\\d)`,
    // 5-8: 1985-01-01, 2010/10/22 (and an ISO date-time)
    `(?<![\\w./-])${YEAR4}([/.-])(\\d{1,2})\\6(\\d{1,2})(?![\\d/]|\\.\\d|-\\d)`,
    // 9-11: 15th June 1991, 22-nov-1972, 4 June 1976
    `(?<![\\w.])(\\d{1,2})${ORD}[ -](?:of )?${MONTH}\\.?[ ,-]{1,2}${YEAR4}(?!\\d)`,
    // 12-14: may 14th 1983, June 4, 1976
    `(?<![\\w.])${MONTH}\\.? (\\d{1,2})${ORD},? ${YEAR4}(?!\\d)`,
  ].join('|'),
  'gi',
);

const THIS_YEAR = new Date().getUTCFullYear();

function dayMonthOk(day: number, month: number): boolean {
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

function yearOk(year: number): boolean {
  return year >= 1900 && year <= THIS_YEAR;
}

function validDate(m: RegExpExecArray): boolean {
  if (m[1] !== undefined) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = m[4]!;
    if (y.length === 2) {
      // Two-digit years only with slashes or dots: "22-11-72" reads as an id as often as a date.
      if (m[2] === '-') return false;
    } else if (!yearOk(Number(y))) return false;
    return dayMonthOk(a, b) || dayMonthOk(b, a);
  }
  if (m[5] !== undefined) return yearOk(Number(m[5])) && dayMonthOk(Number(m[8]), Number(m[7]));
  if (m[9] !== undefined) return yearOk(Number(m[11])) && dayMonthOk(Number(m[9]), 1);
  return yearOk(Number(m[14])) && dayMonthOk(Number(m[13]), 1);
}

/** The 0-based offset of the first valid date in `text` at or after `from`, or -1. */
export function findDate(text: string, from = 0): number {
  return findDateSpan(text, from)?.start ?? -1;
}

/** Where the first valid date in `text` at or after `from` lies, [start, end), if there is one. */
export function findDateSpan(text: string, from = 0): { start: number; end: number } | undefined {
  DATE.lastIndex = from;
  for (let m = DATE.exec(text); m; m = DATE.exec(text)) {
    if (validDate(m)) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}
