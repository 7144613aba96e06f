/**
 * Bounded statistics of one column of a possibly huge table: how many values, how many numeric,
 * roughly how unique, and whether its first values look like emails, UK postcodes or NHS numbers.
 * Memory is capped whatever the row count: distinct values are remembered up to DISTINCT_CAP and
 * only over the first SAMPLE_ROWS rows; value patterns are tested on the first PATTERN_SAMPLE values.
 *
 * Example: after 10,000 distinct patient ids, `uniqueness(profile)` ≈ 1; after 10,000 rows of
 * `Male`/`Female`, ≈ 0.0002.
 */

/** Distinct values remembered per column. */
export const DISTINCT_CAP = 4096;
/** Rows over which uniqueness is estimated (a prefix of the table). */
export const SAMPLE_ROWS = 200_000;
/** Values per column tested against the identifier patterns. */
export const PATTERN_SAMPLE = 500;

/** What the analyser keeps about one column. */
export interface ColumnProfile {
  /** Non-empty values seen: every one within the samples, then only as far as a caller needs (row-level.check.ts counts up to k). */
  nonEmpty: number;
  /** Numeric values seen within the sample. */
  numeric: number;
  /** Non-empty values seen within the uniqueness sample. */
  sampled: number;
  distinct: Set<string>;
  /** Sampled values not found among the remembered ones once the set was full. */
  misses: number;
  patternTested: number;
  emails: number;
  postcodes: number;
  nhsNumbers: number;
}

const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const UK_POSTCODE = /^(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}$/i;
const NHS_SHAPE = /^\d{3} ?\d{3} ?\d{4}$/;

/** A fresh, empty profile. */
export function newProfile(): ColumnProfile {
  return { nonEmpty: 0, numeric: 0, sampled: 0, distinct: new Set(), misses: 0, patternTested: 0, emails: 0, postcodes: 0, nhsNumbers: 0 };
}

/** True when ten digits pass the NHS number modulus-11 check. */
export function isValidNhsNumber(text: string): boolean {
  const digits = text.replace(/ /g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits.charCodeAt(9) - 48;
}

/**
 * False when `observe` would only count a non-empty value at `rowIndex` (past the uniqueness
 * sample and the pattern sample), so the caller may count it without reading it.
 */
export function needsValue(profile: ColumnProfile, rowIndex: number): boolean {
  return rowIndex < SAMPLE_ROWS || profile.patternTested < PATTERN_SAMPLE;
}

/** Adds one cell of the column; `rowIndex` counts data rows from 0. */
export function observe(profile: ColumnProfile, value: string, rowIndex: number): void {
  if (value.length === 0) return;
  profile.nonEmpty++;
  if (rowIndex < SAMPLE_ROWS) {
    profile.sampled++;
    if (NUMERIC.test(value)) profile.numeric++;
    if (profile.distinct.size < DISTINCT_CAP) profile.distinct.add(value);
    else if (!profile.distinct.has(value)) profile.misses++;
  }
  if (profile.patternTested < PATTERN_SAMPLE) {
    const text = value.trim();
    if (text.length === 0) return;
    profile.patternTested++;
    if (text.includes('@') && EMAIL.test(text)) profile.emails++;
    else if (UK_POSTCODE.test(text)) profile.postcodes++;
    else if (NHS_SHAPE.test(text) && isValidNhsNumber(text)) profile.nhsNumbers++;
  }
}

/** Estimated share of distinct values among the sampled ones (an upper bound once the set is full). */
export function uniqueness(profile: ColumnProfile): number {
  return profile.sampled === 0 ? 0 : Math.min(1, (profile.distinct.size + profile.misses) / profile.sampled);
}

/** True when most of the column's values are numbers (a measure or a code, not free text). */
export function isMostlyNumeric(profile: ColumnProfile): boolean {
  return profile.sampled > 0 && profile.numeric >= 0.9 * profile.sampled;
}

/** The identifier a column's values show, whatever its header says, or null. */
export function valuePattern(profile: ColumnProfile): 'email' | 'postcode' | 'nhs' | null {
  const tested = profile.patternTested;
  if (tested < 3) return null;
  if (profile.emails >= 0.6 * tested) return 'email';
  if (profile.postcodes >= 0.6 * tested) return 'postcode';
  if (profile.nhsNumbers >= 0.6 * tested) return 'nhs';
  return null;
}
