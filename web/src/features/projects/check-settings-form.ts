/**
 * Pure helpers of the "Disclosure checks" section: reading the overrides a manager types as JSON
 * (validated with the same contract as the server and `egress scan --config`) and naming the
 * parameters and values for people.
 */
import { type CheckParameterOverrides, type CheckSettingsResponse, checkParameterOverridesSchema } from '../../../../common/contracts/check-settings.contract';

/** Every parameter, in the order shown, with what it means. */
export const PARAMETER_LABELS = {
  minCellCount: 'Minimum cell count',
  zerosDisclosive: 'Zeros disclosive',
  roundingBase: 'Rounding base (0: none)',
  minDenominator: 'Minimum denominator of a percentage',
  microdataMinRows: 'Rows that make row-level data',
  minClassSize: 'Smallest quasi-identifier class',
  fileTimeoutMs: 'Time budget per file (ms)',
  maxFileBytesInMemory: 'Largest file read into memory (bytes)',
  archiveMaxRatio: 'Archive: largest expansion ratio',
  archiveMaxTotalBytes: 'Archive: largest expanded size (bytes)',
  archiveMaxEntries: 'Archive: most entries',
  archiveMaxDepth: 'Archive: deepest nesting',
} as const satisfies Record<keyof CheckParameterOverrides, string>;

export const PARAMETER_NAMES = Object.keys(PARAMETER_LABELS) as (keyof CheckParameterOverrides)[];

export type OverridesParse = { ok: true; parameters: CheckParameterOverrides } | { ok: false; message: string };

/** The overrides typed in the form: empty means none; otherwise a JSON object of known parameters. */
export function parseOverridesText(text: string): OverridesParse {
  if (text.trim() === '') return { ok: true, parameters: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Overrides must be a JSON object, e.g. {"minCellCount": 20}' };
  }
  const parsed = checkParameterOverridesSchema.safeParse(raw);
  if (parsed.success) return { ok: true, parameters: parsed.data };
  const problems = parsed.error.issues.map((i) => {
    const unknown = i.code === 'unrecognized_keys' ? `unknown parameter ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
    return i.path.length > 0 ? `${i.path.join('.')}: ${unknown}` : unknown;
  });
  return { ok: false, message: problems.join('; ') };
}

/** The overrides as the form shows them: '' for none, else indented JSON. */
export function formatOverridesText(parameters: CheckParameterOverrides): string {
  return Object.keys(parameters).length === 0 ? '' : JSON.stringify(parameters, null, 2);
}

/** A parameter's value for people: yes/no, or a number with digit grouping. */
export function formatParameterValue(value: number | boolean | undefined): string {
  if (value === undefined) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value.toLocaleString('en-GB');
}

/** The columns of the effective table: unclassified work packages, then each tier. */
export function effectiveColumns(settings: CheckSettingsResponse): { label: string; preset: string; parameters: Record<string, number | boolean> }[] {
  return [{ label: 'Unclassified', ...settings.effective.unclassified }, ...settings.effective.tiers.map((t) => ({ label: `Tier ${t.tier}`, preset: t.preset, parameters: t.parameters }))];
}

/** "preset abs; minCellCount 12" for a level's own choice, or "inherits". */
export function describeOwnChoice(level: { preset: string | null; parameters: Record<string, number | boolean> } | undefined): string {
  if (!level || (level.preset === null && Object.keys(level.parameters).length === 0)) return 'inherits';
  const parts = level.preset ? [`preset ${level.preset}`] : [];
  for (const [k, v] of Object.entries(level.parameters)) parts.push(`${k} ${formatParameterValue(v)}`);
  return parts.join('; ');
}
