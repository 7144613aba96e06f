/**
 * Reading one table cell as a statistical-disclosure checker sees it: a published count, an
 * already-suppressed cell, a percentage, or something else. Pure and allocation-light, because
 * it runs on every cell of tables that may have millions of rows.
 *
 * Example: `readCell('1,204')` → `{kind:'count', value:1204}`; `readCell('<10')` →
 * `{kind:'suppressed', strict:true}`; `readCell('NA')` → `{kind:'suppressed', strict:false}`.
 */
import { plainInteger } from '../engine/table-row';

/** What a cell holds, from the point of view of the sdc rules. */
export type CellReading = { kind: 'count'; value: number } | { kind: 'suppressed'; strict: boolean } | { kind: 'number' } | { kind: 'text' };

/**
 * Markers that mean "deliberately withheld": a cell like this may be recovered by subtraction.
 * `<10`, `<=7`, `≤5`, `[REDACTED]`, `*`, `**`, `x`, `c`, `suppressed`, `~`.
 */
const STRICT_SUPPRESSED = /^(?:\[?redacted\]?|<=?\s*\d+|≤\s*\d+|\*{1,3}|x|c|suppressed|~|\[?masked\]?)$/i;
/** Markers that may mean suppressed or simply missing: never an error, never recoverable. */
const LOOSE_SUPPRESSED = /^(?:na|n\/a|nan|null|none|-|–|—|\.|\.\.|<na>|na_)$/i;
const NUMBER = /^(?=[^\d]*\d)[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?(?:[eE][-+]?\d+)?%?$/;
const GROUPED_INTEGER = /^\d{1,3}(?:,\d{3})+$/;
const WHOLE_DECIMAL = /^\d+\.0+$/;

// Readings without a value are shared: this runs on every cell of a large table.
const SUPPRESSED_STRICT: CellReading = Object.freeze({ kind: 'suppressed', strict: true });
const SUPPRESSED_LOOSE: CellReading = Object.freeze({ kind: 'suppressed', strict: false });
const NUMBER_READING: CellReading = Object.freeze({ kind: 'number' });
const TEXT_READING: CellReading = Object.freeze({ kind: 'text' });

/** Classifies one raw cell (surrounding whitespace and quotes already removed by the reader or not). */
export function readCell(raw: string): CellReading {
  const direct = plainInteger(raw);
  if (direct >= 0) return { kind: 'count', value: direct };
  const text = raw.trim();
  if (text.length === 0) return SUPPRESSED_LOOSE;
  const trimmed = plainInteger(text);
  if (trimmed >= 0) return { kind: 'count', value: trimmed };
  const first = text.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) {
    if (GROUPED_INTEGER.test(text)) return { kind: 'count', value: Number(text.replace(/,/g, '')) };
    if (WHOLE_DECIMAL.test(text)) return { kind: 'count', value: Number(text) };
    if (NUMBER.test(text)) return NUMBER_READING;
  }
  // Markers are short: long text is never one, and skipping the patterns keeps text columns cheap.
  if (text.length > 12) return TEXT_READING;
  if (STRICT_SUPPRESSED.test(text)) return SUPPRESSED_STRICT;
  if (LOOSE_SUPPRESSED.test(text)) return SUPPRESSED_LOOSE;
  return TEXT_READING;
}

/** True when a cell is written as a percentage (`12.5%`). */
export function isPercentText(raw: string): boolean {
  return raw.length > 1 && raw.charCodeAt(raw.length - 1) === 37 /* % */ && NUMBER.test(raw.trim());
}

/**
 * False when a label starting with the code units `first`, `second` (NaN past its end) cannot be
 * a total label: a cheap filter before the pattern of `isTotalLabel` (`to`tal, `al`l, `ov`erall,
 * `su`m, `gr`and, in any case, or a leading space).
 */
export function mayStartTotalLabel(first: number, second: number): boolean {
  const lower = first | 0x20; // lower-cased letter (NaN | 0x20 is a space: an empty label)
  if (lower === 0x20) return true;
  const next = second | 0x20;
  return (lower === 0x74 && next === 0x6f) || (lower === 0x61 && next === 0x6c) || (lower === 0x6f && next === 0x76) || (lower === 0x73 && next === 0x75) || (lower === 0x67 && next === 0x72);
}

/** True when a row label marks a margin row (`Total`, `All`, `Overall`, `Grand total`). */
export function isTotalLabel(raw: string): boolean {
  return mayStartTotalLabel(raw.charCodeAt(0), raw.charCodeAt(1)) && /^\s*(?:grand\s+)?(?:total|totals|all|overall|sum)\b/i.test(raw);
}
