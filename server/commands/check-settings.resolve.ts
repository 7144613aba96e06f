/**
 * Which preset and parameters the checks stage uses for a work package: the installation
 * default (CHECK_PRESET), then the project's choice, then its tier's. Each level may pick a
 * preset and override parameters; a preset picked at a level restarts from that preset's
 * values, and the overrides of every level are then applied in order (project, then tier).
 *
 * Example: installation `acro`; project `{preset: 'abs', parameters: {fileTimeoutMs: 30000}}`;
 * tier 4 `{preset: 'acro', parameters: {minCellCount: 20}}` → a tier-4 package is checked with
 * acro, fileTimeoutMs 30000 and minCellCount 20; a tier-1 or unclassified one with abs and
 * fileTimeoutMs 30000.
 */
import {
  CHECK_PRESET_NAMES,
  CHECK_TIER_KEYS,
  type CheckParameterOverrides,
  type CheckPresetName,
  type ProjectCheckSettings,
  projectCheckSettingsSchema,
} from '../../common/contracts/check-settings.contract';
import { PRESETS, type PresetName, type ScanParameters } from '../checks/shared/presets';
import type { ProjectCheckSettingsTable } from '../db/schema';

// The contract (common/, which cannot import server/) names the presets and parameters itself;
// these lines stop compiling when presets.ts gains or loses one without the contract following.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const presetsMatch: Same<CheckPresetName, PresetName> = true;
const parametersMatch: Same<keyof CheckParameterOverrides, keyof ScanParameters> = true;
void [presetsMatch, parametersMatch, CHECK_PRESET_NAMES];

export interface EffectiveChecks {
  preset: PresetName;
  parameters: ScanParameters;
}

/** No choices at any level: everything inherits the installation default. */
export const NO_CHECK_SETTINGS: ProjectCheckSettings = { preset: null, parameters: {}, tiers: {} };

/** The stored row as settings (a project without a row has none of its own). */
export function checkSettingsOf(row: ProjectCheckSettingsTable | undefined): ProjectCheckSettings {
  if (!row) return NO_CHECK_SETTINGS;
  // Parsed again on the way out: a row that no longer fits the contract fails loudly rather than checking with unknown rules.
  return projectCheckSettingsSchema.parse({ preset: row.preset, parameters: JSON.parse(row.parameters), tiers: JSON.parse(row.tiers) });
}

/** The preset and every parameter for a work package of `tier` (null: not classified). */
export function resolveChecks(installationPreset: PresetName, settings: ProjectCheckSettings, tier: number | null): EffectiveChecks {
  const tierKey = CHECK_TIER_KEYS.find((k) => Number(k) === tier);
  const tierSettings = tierKey ? settings.tiers[tierKey] : undefined;
  const preset = tierSettings?.preset ?? settings.preset ?? installationPreset;
  return { preset, parameters: { ...PRESETS[preset], ...settings.parameters, ...tierSettings?.parameters } };
}
