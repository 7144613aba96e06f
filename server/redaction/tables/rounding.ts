/**
 * Rounding rules for counts (docs/redaction-operations.md, "Tables"):
 *
 * - `nearest` to a base b: the nearest multiple of b, halves rounded up (b = 5: 0–2 → 0,
 *   3–7 → 5, 8–12 → 10; b = 10: 5 → 10).
 * - `midpoint6` (OpenSAFELY's "midpoint 6 rounding", their `roundmid_any(x, 6)`): zero stays
 *   zero, any other count becomes the midpoint of its band of six, ⌈x/6⌉·6 − 3 (1–6 → 3,
 *   7–12 → 9, 13–18 → 15). Every result is 3 more than a multiple of 6, which is what the
 *   checks accept as midpoint-6 rounded.
 *
 * Example: `roundCount(12, {method:'nearest', base:5})` → 10; `roundCount(12, {method:'midpoint6'})` → 9.
 */
export type Rounding = { method: 'nearest'; base: number } | { method: 'midpoint6' };

/** How a rounded cell is described in an outcome. */
export function roundingLabel(rule: Rounding): string {
  return rule.method === 'midpoint6' ? 'rounded (midpoint 6)' : `rounded to base ${rule.base}`;
}

export function roundCount(value: number, rule: Rounding): number {
  if (rule.method === 'midpoint6') return value === 0 ? 0 : Math.ceil(value / 6) * 6 - 3;
  return Math.floor((value + rule.base / 2) / rule.base) * rule.base;
}
