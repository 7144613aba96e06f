/**
 * Project settings a system manager changes on the server itself, offline:
 * `egress project output-area PROJECT_ID PATH` sets the folder (or s3:// / azure:// prefix) the
 * project's outputs are browsed and copied from (`--clear` removes it). Runs as the CLI's system actor; audited as
 * `project.output_area_set` like the same change made in the web UI.
 *
 * `egress project check-settings PROJECT_ID [--tier N] [--preset NAME|inherit] [--config FILE] [--reset] [--json]`
 * shows the project's disclosure-check settings and what applies per tier; with `--preset`
 * and/or `--config` (a JSON object of parameter overrides, as for `egress scan --config`) it
 * changes the project's own level, or tier N's, and `--reset` makes that level inherit again.
 * Audited as `project.check_settings_changed`.
 */
import { CHECK_TIER_KEYS, type CheckLevelSettings, type CheckSettingsResponse, type CheckTierKey, checkLevelOf, withCheckLevel } from '../../common/contracts/check-settings.contract';
import { PRESETS, PRESET_NAMES, isPresetName } from '../checks/shared/presets';
import { changeCheckSettings, getCheckSettings } from '../commands/check-settings.commands';
import { setOutputArea } from '../commands/output-area.commands';
import { DomainError } from '../domain/errors';
import type { CliHost } from './cli-root';
import { EXIT, type Io, reportError } from './output';
import { asSystem } from './system-context';

/** Sets (or with `clear`, removes) a project's output area; exit 0 when set, 2 when refused. */
export async function projectOutputAreaCommand(io: Io, host: CliHost, projectId: string, path: string | undefined, options: { clear: boolean }): Promise<number> {
  try {
    if (options.clear === (path !== undefined)) {
      throw new DomainError('validation.invalid_input', options.clear ? 'Give either a folder or --clear, not both' : 'Give the folder to use as the output area, or --clear');
    }
    return await asSystem(host, 'cli: project output-area', async (ctx) => {
      const setting = await setOutputArea(ctx, projectId, { outputArea: options.clear ? null : (path as string) }, { outputAreas: host.root.outputAreas(host.config) });
      io.out(setting.outputArea === null ? `Project ${projectId} has no output area now.` : `Project ${projectId} output area: ${setting.outputArea}`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}

export interface CheckSettingsCliOptions {
  tier?: string;
  preset?: string;
  config?: string;
  reset: boolean;
  json: boolean;
}

/** The level's new settings from the options, or null when the options ask for no change. */
async function changedLevel(io: Io, current: CheckLevelSettings, options: CheckSettingsCliOptions): Promise<CheckLevelSettings | null> {
  const changing = options.preset !== undefined || options.config !== undefined;
  if (options.reset && changing) throw new DomainError('validation.invalid_input', 'Give either --reset or --preset/--config, not both');
  if (options.reset) return { preset: null, parameters: {} };
  if (!changing) return null;
  if (options.preset !== undefined && options.preset !== 'inherit' && !isPresetName(options.preset)) {
    throw new DomainError('validation.invalid_input', `Unknown preset "${options.preset}" (one of: ${PRESET_NAMES.join(', ')}, or inherit)`);
  }
  let parameters = current.parameters;
  if (options.config !== undefined) {
    try {
      parameters = JSON.parse(await io.readFile(options.config)) as CheckLevelSettings['parameters'];
    } catch (error) {
      throw new DomainError('validation.invalid_input', `Cannot read the config file: ${error instanceof Error ? error.message : error}`);
    }
  }
  const preset = options.preset === undefined ? current.preset : options.preset === 'inherit' ? null : (options.preset as CheckLevelSettings['preset']);
  return { preset, parameters };
}

/** "abs (minCellCount 12)": the preset and the parameters that differ from its own values. */
function describeEffective(e: CheckSettingsResponse['effective']['unclassified']): string {
  const own: Record<string, unknown> = PRESETS[e.preset];
  const changed = Object.entries(e.parameters).filter(([k, v]) => own[k] !== v);
  return changed.length === 0 ? e.preset : `${e.preset} (${changed.map(([k, v]) => `${k} ${v}`).join(', ')})`;
}

function describeLevel(level: CheckLevelSettings | undefined): string {
  if (!level) return 'inherits';
  const overrides = Object.entries(level.parameters).map(([k, v]) => `${k} ${v}`);
  return [level.preset ? `preset ${level.preset}` : 'inherits the preset', ...overrides].join(', ');
}

function printCheckSettings(io: Io, s: CheckSettingsResponse): void {
  io.out(`Project ${s.projectId} disclosure checks (installation default ${s.installationPreset}; settings version ${s.version})`);
  io.out(`  project: ${describeLevel(s.settings)}`);
  for (const k of CHECK_TIER_KEYS) if (s.settings.tiers[k]) io.out(`  tier ${k}: ${describeLevel(s.settings.tiers[k])}`);
  io.out('Applies:');
  io.out(`  unclassified: ${describeEffective(s.effective.unclassified)}`);
  for (const t of s.effective.tiers) io.out(`  tier ${t.tier}: ${describeEffective(t)}`);
}

/** Shows, or changes one level of, a project's check settings; exit 0 when done, 2 when refused. */
export async function projectCheckSettingsCommand(io: Io, host: CliHost, projectId: string, options: CheckSettingsCliOptions): Promise<number> {
  try {
    if (options.tier !== undefined && !(CHECK_TIER_KEYS as readonly string[]).includes(options.tier)) {
      throw new DomainError('validation.invalid_input', '--tier must be a tier from 0 to 4');
    }
    return await asSystem(host, 'cli: project check-settings', async (ctx) => {
      const deps = { installationPreset: host.config.checkPreset };
      let shown = await getCheckSettings(ctx, projectId, deps);
      const key = (options.tier ?? null) as CheckTierKey | null;
      const level = await changedLevel(io, checkLevelOf(shown.settings, key), options);
      if (level) shown = await changeCheckSettings(ctx, projectId, { ...withCheckLevel(shown.settings, key, level), version: shown.version }, deps);
      if (options.json) io.out(JSON.stringify(shown, null, 2));
      else printCheckSettings(io, shown);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, options.json);
  }
}
