/**
 * Named presets of the statistical and other rule parameters (docs/design.md §7). Every parameter
 * here is used by a rule and printed with the scan results, so the record says exactly which
 * controls applied. Magnitude-table rules (dominance, p%) and model checks (residual degrees of
 * freedom) are not implemented, so their parameters are deliberately absent.
 */
export interface ScanParameters {
  /** Counts below this are disclosive (block). */
  minCellCount: number;
  /** Whether zero counts are disclosive (review). */
  zerosDisclosive: boolean;
  /** Counts must be multiples of this (0: no rounding rule). */
  roundingBase: number;
  /** Percentages on denominators below this are disclosive (review). */
  minDenominator: number;
  /** Row-level data: this many rows with identifier-like columns makes microdata. */
  microdataMinRows: number;
  /** Smallest quasi-identifier class size accepted. */
  minClassSize: number;
  /** Per-file budgets. */
  fileTimeoutMs: number;
  maxFileBytesInMemory: number;
  /** Archives: limits checked from headers before reading. */
  archiveMaxRatio: number;
  archiveMaxTotalBytes: number;
  archiveMaxEntries: number;
  archiveMaxDepth: number;
}

const COMMON = {
  minDenominator: 10,
  microdataMinRows: 50,
  minClassSize: 5,
  fileTimeoutMs: 10_000,
  maxFileBytesInMemory: 64 * 1024 * 1024,
  archiveMaxRatio: 100,
  archiveMaxTotalBytes: 1024 * 1024 * 1024,
  archiveMaxEntries: 10_000,
  archiveMaxDepth: 3,
} as const;

export const PRESETS = {
  /** ACRO defaults: minimum cell count 10, zeros disclosive. */
  acro: { ...COMMON, minCellCount: 10, zerosDisclosive: true, roundingBase: 0 },
  /** OpenSAFELY: counts ≤ 7 redacted, everything rounded to the nearest 5. */
  opensafely: { ...COMMON, minCellCount: 8, zerosDisclosive: false, roundingBase: 5 },
  /** ABS DataLab: rule of 10. */
  abs: { ...COMMON, minCellCount: 10, zerosDisclosive: false, roundingBase: 0 },
  /** DataSHIELD: minimum cell count 3. */
  datashield: { ...COMMON, minCellCount: 3, zerosDisclosive: false, roundingBase: 0, minDenominator: 3 },
} as const satisfies Record<string, ScanParameters>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return name in PRESETS;
}
