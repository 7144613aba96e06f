/**
 * A project's disclosure-check settings (docs/design.md §7): the preset and parameter overrides the
 * checks stage uses for the project's packages, with optional per-tier choices (the tier of the
 * package's work package decides). Anyone who can see the project reads them; only the haven's
 * managers change them (project policy `manageCheckSettings`). Changing them never rewrites a
 * stored result: each result keeps the preset and parameters it was checked with, and only file
 * versions without a result are checked (on the next submission), so the new settings apply to
 * new versions.
 *
 * Example: `changeCheckSettings(ctx, projectId, { preset: 'abs', parameters: {}, tiers: { '4':
 * { preset: 'acro', parameters: { minCellCount: 20 } } }, version: 0 }, deps)` makes the
 * project's tier-4 packages checked with acro and a minimum cell count of 20, the others with abs.
 */
import { CHECK_TIER_KEYS, type CheckSettingsResponse, type ProjectCheckSettings, changeCheckSettingsRequestSchema } from '../../common/contracts/check-settings.contract';
import type { PresetName } from '../checks/shared/presets';
import { findCheckSettings, saveCheckSettings } from '../db/check-settings.repository';
import { lockProject } from '../db/projects.repository';
import { type EffectiveChecks, checkSettingsOf, resolveChecks } from './check-settings.resolve';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { loadProjectFor } from './projects.commands';

/** What reading and changing the settings needs: the installation default (config CHECK_PRESET). */
export interface CheckSettingsDeps {
  installationPreset: PresetName;
}

/** As the contract shows it (a plain record of parameters). */
const shown = ({ preset, parameters }: EffectiveChecks) => ({ preset, parameters: { ...parameters } });

function present(projectId: string, deps: CheckSettingsDeps, settings: ProjectCheckSettings, version: number, updatedAt: string | null): CheckSettingsResponse {
  return {
    projectId,
    installationPreset: deps.installationPreset,
    settings,
    version,
    updatedAt,
    effective: {
      unclassified: shown(resolveChecks(deps.installationPreset, settings, null)),
      tiers: CHECK_TIER_KEYS.map((k) => ({ tier: Number(k), ...shown(resolveChecks(deps.installationPreset, settings, Number(k))) })),
    },
  };
}

/** The project's own choices and what applies per tier. Throws `project.not_found`. */
export async function getCheckSettings(ctx: CommandContext, projectId: string, deps: CheckSettingsDeps): Promise<CheckSettingsResponse> {
  await loadProjectFor(ctx, projectId, 'view');
  const row = await findCheckSettings(ctx.db, projectId);
  return present(projectId, deps, checkSettingsOf(row), row?.version ?? 0, row?.updated_at ?? null);
}

/** What the audit records of one level: only what it sets. */
function summaryOf(settings: ProjectCheckSettings): Record<string, unknown> {
  return { preset: settings.preset, parameters: settings.parameters, tiers: settings.tiers };
}

/**
 * Replaces the project's check settings with `input` ({preset, parameters, tiers, version}).
 * Throws `project.not_found`, `auth.forbidden` (not a system or programme manager),
 * `project.closed`, `validation.invalid_input` (unknown preset, tier or parameter, a wrong
 * type or a negative number: nothing is changed) and `conflict.stale_version` (`version` is
 * not the current one). Audited as `project.check_settings_changed` with before and after.
 */
export async function changeCheckSettings(ctx: CommandContext, projectId: string, input: unknown, deps: CheckSettingsDeps): Promise<CheckSettingsResponse> {
  await loadProjectFor(ctx, projectId, 'manageCheckSettings');
  const { version, ...settings } = parseInput(changeCheckSettingsRequestSchema, input);
  const at = nowIso(ctx);
  const saved = await inTransaction(ctx, async (trx) => {
    // Under the project's lock, asked again: serialised with closing the project and with another first write.
    await lockProject(trx, projectId);
    await loadProjectFor({ ...ctx, db: trx }, projectId, 'manageCheckSettings');
    const before = await findCheckSettings(trx, projectId);
    const audit = auditBy(
      ctx,
      'project.check_settings_changed',
      { type: 'project', id: projectId, projectId },
      {
        from: summaryOf(checkSettingsOf(before)),
        to: summaryOf(settings),
      },
    );
    const row = {
      project_id: projectId,
      preset: settings.preset,
      parameters: JSON.stringify(settings.parameters),
      tiers: JSON.stringify(settings.tiers),
      updated_at: at,
      updated_by: ctx.actor.userId,
    };
    return saveCheckSettings(trx, row, version, audit);
  });
  return present(projectId, deps, settings, saved, at);
}
