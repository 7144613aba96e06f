/**
 * What a column header says about its column, for the sdc rules: a count, a percentage, a
 * denominator, a margin ("Total"), or a column that only looks numeric (a year, a code, a rank).
 * Header names are split into lower-case words first, so `PERSON_DOB`, `personDob` and
 * `person dob` all read as `['person', 'dob']`.
 *
 * Example: `headerWords('num_Admissions')` → `['num', 'admissions']`, and
 * `isCountHeader(['num', 'admissions'])` → true, `isCountHeader(['rank', 'in'])` → false.
 */

/** Lower-case words of a header: camelCase, snake_case, dotted and spaced names alike. */
export function headerWords(header: string): string[] {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9%]+/)
    .filter((word) => word.length > 0);
}

const COUNT_WORDS = new Set([
  'n',
  'count',
  'counts',
  'cnt',
  'freq',
  'frequency',
  'frequencies',
  'total',
  'totals',
  'tally',
  'deaths',
  'births',
  'cases',
  'admissions',
  'events',
  'patients',
  'people',
  'persons',
  'individuals',
  'participants',
  'respondents',
  'households',
  'population',
  'denominator',
  'denom',
  'numerator',
  'referrals',
  'attendances',
  'prescriptions',
  'episodes',
  'diagnoses',
  'registrations',
  'nobs',
  'obs',
]);
/** Words that only mean "a count" at the start of a name: `number_of_x`, `num_x`, `no_of_x`. */
const COUNT_PREFIXES = new Set(['num', 'number', 'nr']);

/** Words that make a numeric column something other than a count, whatever else the name says. */
const NOT_COUNT_WORDS = new Set([
  'id',
  'ids',
  'code',
  'codes',
  'cd',
  'year',
  'years',
  'yr',
  'month',
  'day',
  'date',
  'week',
  'quarter',
  'period',
  'time',
  'age',
  'rank',
  'ranking',
  'order',
  'seq',
  'sequence',
  'index',
  'idx',
  'score',
  'quintile',
  'decile',
  'tertile',
  'quartile',
  'percentile',
  'centile',
  'imd',
  'level',
  'grade',
  'stage',
  'group',
  'category',
  'class',
  'type',
  'flag',
  'urn',
  'zip',
  'zipcode',
  'postcode',
  'phone',
  'lat',
  'lon',
  'lng',
  'latitude',
  'longitude',
  'version',
  'batch',
  'serial',
  'ref',
  'reference',
  'account',
  'cost',
  'costs',
  'price',
  'amount',
  'spend',
  'gbp',
  'usd',
  'eur',
  'income',
  'salary',
  'weight',
  'height',
  'bmi',
  'duration',
  'length',
  'los',
  'mean',
  'median',
  'avg',
  'average',
  'sd',
  'std',
  'se',
  'min',
  'max',
  'iqr',
  'rate',
  'rates',
  'ratio',
  'per',
  'pct',
  'percent',
  'percentage',
  'proportion',
  'prop',
  'share',
  'dose',
  'lsoa',
  'msoa',
  'nhs',
  'estimate',
  'lower',
  'upper',
  'ci',
  'p',
  // Units that tables are broken down by: their numbers are identifiers, not counts.
  'practice',
  'site',
  'ccg',
  'stp',
  'icb',
  'region',
  'area',
  'org',
  'organisation',
  'organization',
  'provider',
  'trust',
  'school',
]);

const PERCENT_WORDS = new Set(['pct', 'percent', 'percentage', 'perc', 'proportion', 'prop', 'share', '%']);
const DENOMINATOR_WORDS = new Set(['denominator', 'denom', 'population', 'pop', 'base', 'eligible']);
const MARGIN_WORDS = new Set(['total', 'totals', 'all', 'overall']);

/** True when the header names a count (`n`, `count`, `num_admissions`, `deaths`, `cases_total`). */
export function isCountHeader(words: string[]): boolean {
  if (words.length === 0 || words.some((word) => NOT_COUNT_WORDS.has(word))) return false;
  if (COUNT_PREFIXES.has(words[0]!)) return true;
  if (words[0] === 'no' && words[1] === 'of') return true;
  return words.some((word) => COUNT_WORDS.has(word));
}

/**
 * True when the header is one an aggregate table uses for its cell counts (`n`, `count`, `freq`,
 * `total`, `deaths`…), rather than a per-person tally such as `num_visits`.
 */
export function isAggregateCountHeader(words: string[]): boolean {
  if (words.length === 0 || COUNT_PREFIXES.has(words[0]!) || words[0] === 'no') return false;
  return isCountHeader(words);
}

/** True when a numeric column cannot be a count, whatever its values (a year, code, rank, rate). */
export function isNeverCountHeader(words: string[]): boolean {
  return words.some((word) => NOT_COUNT_WORDS.has(word) && !PERCENT_WORDS.has(word));
}

/** True when the header names a percentage or proportion (`pct`, `valid_percent`, `% of total`). */
export function isPercentHeader(header: string, words: string[]): boolean {
  return header.includes('%') || words.some((word) => PERCENT_WORDS.has(word));
}

/** Ranks how surely a header names a denominator: 2 (`denominator`, `population`), 1 (`total`), 0. */
export function denominatorRank(words: string[]): number {
  if (words.some((word) => DENOMINATOR_WORDS.has(word))) return 2;
  if (words.some((word) => word === 'total' || word === 'totals')) return 1;
  return 0;
}

/** True when the header is a margin column (`Total`, `All`, `total_n`). */
export function isMarginHeader(words: string[]): boolean {
  return words.length > 0 && MARGIN_WORDS.has(words[0]!);
}

/** Headers that only a model's coefficient table has. */
const REGRESSION_STRONG = new RegExp(
  '^(?:estimates?|coef(?:s|ficients?)?|std\\.? ?err(?:or)?|standard errors?|s\\.e\\.|t[ ._]?value|z[ ._]?value|' +
    'pr\\(>\\|[tz]\\|\\)|p ?> ?\\|[tz]\\||(?:95% )?conf\\.? interval|p[ ._-]?values?|odds ratios?|hazard ratios?|risk ratios?|rate ratios?|conf\\.(?:low|high)|' +
    'beta|exp\\((?:b|coef|estimate)\\)|(?:lower|upper)[ ._]?(?:95%? ?)?c\\.?i\\.?|(?:95% ?)?c\\.?i\\.?|' +
    '(?:or|hr|rr|irr) \\(95% ?ci\\)|ci[ ._](?:low(?:er)?|upp(?:er)?|high)|(?:l|u)cl)$',
);
/** Headers that, two or more together, make a coefficient table. */
const REGRESSION_WEAK = /^(?:se|t|z|p|or|hr|rr|irr|b|lower|upper|lci|uci|ll|ul|term|statistic|df|sig\.?|variable|wald)$/;

/** True when the headers are those of a regression or coefficient table (never a frequency table). */
export function isRegressionHeader(headers: string[]): boolean {
  let weak = 0;
  for (const raw of headers) {
    const header = raw
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ' ');
    // Stata and SPSS write `Coef.`, `Std. Err.`, `[95% Conf. Interval]`.
    const bare = header.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    if (REGRESSION_STRONG.test(header) || REGRESSION_STRONG.test(bare)) return true;
    if (REGRESSION_WEAK.test(header) || REGRESSION_WEAK.test(bare)) weak++;
  }
  return weak >= 2;
}
