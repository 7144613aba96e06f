/**
 * Named presets of the statistical and other rule parameters (DESIGN.md §7). Every parameter
 * used is printed with the scan results, so the record says exactly which controls applied.
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
  /** Dominance rule (n, k): the top n contributors must not exceed k of a cell total. */
  dominanceN: number;
  dominanceK: number;
  /** p% rule. */
  pRatio: number;
  /** Residual degrees of freedom a model must have. */
  minResidualDf: number;
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
  dominanceN: 2,
  dominanceK: 0.9,
  pRatio: 0.1,
  minResidualDf: 10,
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
  /** ACRO defaults: minimum 10, zeros disclosive, dominance (2, 0.9), p 10%, residual df ≥ 10. */
  acro: { ...COMMON, minCellCount: 10, zerosDisclosive: true, roundingBase: 0 },
  /** OpenSAFELY: counts ≤ 7 redacted, everything rounded to the nearest 5. */
  opensafely: { ...COMMON, minCellCount: 8, zerosDisclosive: false, roundingBase: 5 },
  /** ABS DataLab: rule of 10, dominance (1, 50%) and (2, 67%). */
  abs: { ...COMMON, minCellCount: 10, zerosDisclosive: false, roundingBase: 0, dominanceN: 2, dominanceK: 0.67 },
  /** DataSHIELD: minimum cell count 3. */
  datashield: { ...COMMON, minCellCount: 3, zerosDisclosive: false, roundingBase: 0, minDenominator: 3 },
} as const satisfies Record<string, ScanParameters>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return name in PRESETS;
}
