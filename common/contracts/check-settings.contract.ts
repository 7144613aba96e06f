/**
 * A project's disclosure-check settings (docs/design.md §7): which rule preset the checks stage uses
 * and which of its parameters are overridden, for the whole project and, optionally, per tier
 * of the work package whose egress is checked. Each level inherits what it leaves out:
 * installation default (CHECK_PRESET) → project → tier.
 *
 * Parameter overrides are validated exactly as `egress scan --config FILE`: a JSON object of
 * known parameter names, numbers ≥ 0 or booleans; anything else is refused.
 */
import { z } from 'zod';
import { idSchema } from './common.contract';

/** The presets of server/checks/shared/presets.ts (kept equal by a compile-time check there). */
export const CHECK_PRESET_NAMES = ['acro', 'opensafely', 'abs', 'datashield'] as const;
export type CheckPresetName = (typeof CHECK_PRESET_NAMES)[number];

const count = z.number().nonnegative();

/** Every rule parameter a project may override (the keys of ScanParameters), none required. */
export const checkParameterOverridesSchema = z
  .object({
    minCellCount: count,
    zerosDisclosive: z.boolean(),
    roundingBase: count,
    minDenominator: count,
    microdataMinRows: count,
    minClassSize: count,
    fileTimeoutMs: count,
    maxFileBytesInMemory: count,
    archiveMaxRatio: count,
    archiveMaxTotalBytes: count,
    archiveMaxEntries: count,
    archiveMaxDepth: count,
  })
  .partial()
  .strict();
export type CheckParameterOverrides = z.infer<typeof checkParameterOverridesSchema>;

/** One level's own choice: a preset (null: inherit) and overrides on top of what it inherits. */
export const checkLevelSettingsSchema = z
  .object({
    preset: z.enum(CHECK_PRESET_NAMES).nullable().default(null),
    parameters: checkParameterOverridesSchema.default({}),
  })
  .strict();
export type CheckLevelSettings = z.infer<typeof checkLevelSettingsSchema>;

export const CHECK_TIER_KEYS = ['0', '1', '2', '3', '4'] as const;
export type CheckTierKey = (typeof CHECK_TIER_KEYS)[number];

/** Per-tier settings; tiers left out inherit the project's. */
export const checkTierSettingsSchema = z
  .object({ '0': checkLevelSettingsSchema, '1': checkLevelSettingsSchema, '2': checkLevelSettingsSchema, '3': checkLevelSettingsSchema, '4': checkLevelSettingsSchema })
  .partial()
  .strict();
export type CheckTierSettings = z.infer<typeof checkTierSettingsSchema>;

/** What a project stores: its own level and its tiers' levels. */
export const projectCheckSettingsSchema = checkLevelSettingsSchema.extend({ tiers: checkTierSettingsSchema.default({}) }).strict();
export type ProjectCheckSettings = z.infer<typeof projectCheckSettingsSchema>;

/** PUT body: the whole settings (replacing the previous ones) and the version the caller saw (0: never set). */
export const changeCheckSettingsRequestSchema = projectCheckSettingsSchema.extend({ version: z.number().int().min(0) }).strict();
export type ChangeCheckSettingsRequest = z.infer<typeof changeCheckSettingsRequestSchema>;

/** Every parameter's value as the checks stage would use it. */
const effectiveParametersSchema = z.record(z.string(), z.union([z.number(), z.boolean()]));

export const effectiveCheckSettingsSchema = z.object({
  preset: z.enum(CHECK_PRESET_NAMES),
  parameters: effectiveParametersSchema,
});
export type EffectiveCheckSettings = z.infer<typeof effectiveCheckSettingsSchema>;

export const checkSettingsResponseSchema = z.object({
  projectId: idSchema,
  /** The installation's default preset (CHECK_PRESET). */
  installationPreset: z.enum(CHECK_PRESET_NAMES),
  /** What the project chose (empty choices inherit). */
  settings: projectCheckSettingsSchema,
  /** 0 while the project has never changed its settings. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  /** What applies: `unclassified` for a work package without a tier, then each tier. */
  effective: z.object({
    unclassified: effectiveCheckSettingsSchema,
    tiers: z.array(effectiveCheckSettingsSchema.extend({ tier: z.number().int().min(0).max(4) })),
  }),
});
export type CheckSettingsResponse = z.infer<typeof checkSettingsResponseSchema>;

/** A level of the settings: the project's own (`null`) or a tier's. */
export type CheckLevelKey = CheckTierKey | null;

/** The level's own choice (no choice: inherit everything). */
export function checkLevelOf(settings: ProjectCheckSettings, level: CheckLevelKey): CheckLevelSettings {
  const own = level === null ? settings : settings.tiers[level];
  return { preset: own?.preset ?? null, parameters: own?.parameters ?? {} };
}

/** The settings with one level replaced; a tier left with no choice is dropped (it inherits). */
export function withCheckLevel(settings: ProjectCheckSettings, level: CheckLevelKey, value: CheckLevelSettings): ProjectCheckSettings {
  if (level === null) return { ...settings, preset: value.preset, parameters: value.parameters };
  const tiers = { ...settings.tiers, [level]: value };
  if (value.preset === null && Object.keys(value.parameters).length === 0) delete tiers[level];
  return { ...settings, tiers };
}
