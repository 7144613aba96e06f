/**
 * A project's disclosure-check settings through the commands, on SQLite and PostgreSQL: saved
 * and read back with what applies per tier, audited with before and after, refused input and
 * refused people changing nothing, and a stale version refused as a conflict.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../db/audit.repository';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld } from '../testing/factories';
import { personIn } from '../testing/world-lifecycle';
import { PRESETS } from '../checks/shared/presets';
import { changeCheckSettings, getCheckSettings } from './check-settings.commands';
import { changeProjectStatus } from './projects.commands';
import { getProjectDetail } from './projects.queries';
import { waiveAllGaps } from '../testing/closure';

const deps = { installationPreset: 'opensafely' as const };

describe.each(TEST_DIALECTS)('project check settings on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  const ctx = (key: string) => personIn(world, key).ctx;
  const read = () => getCheckSettings(ctx('researcher'), world.projectId, deps);
  const auditRows = () => database.db.selectFrom('audit_events').selectAll().where('action', '=', 'project.check_settings_changed').orderBy('seq').execute();

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
  });
  afterEach(async () => {
    try {
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    } finally {
      await database.close();
    }
  });

  it('uses the installation default everywhere until the project chooses', async () => {
    const settings = await read();
    expect(settings).toMatchObject({ projectId: world.projectId, installationPreset: 'opensafely', version: 0, updatedAt: null, settings: { preset: null, parameters: {}, tiers: {} } });
    expect(settings.effective.unclassified).toEqual({ preset: 'opensafely', parameters: PRESETS.opensafely });
    expect(settings.effective.tiers.map((t) => [t.tier, t.preset])).toEqual([0, 1, 2, 3, 4].map((tier) => [tier, 'opensafely']));
  });

  it('saves the project’s preset, overrides and per-tier choices, shows what applies per tier, and audits before and after', async () => {
    const saved = await changeCheckSettings(
      ctx('sysadmin'),
      world.projectId,
      { preset: 'abs', parameters: { fileTimeoutMs: 30_000 }, tiers: { '4': { preset: 'acro', parameters: { minCellCount: 20 } }, '1': { parameters: { zerosDisclosive: true } } }, version: 0 },
      deps,
    );
    expect(saved.version).toBe(1);
    expect(await read()).toEqual(saved);
    const { effective } = saved;
    expect(effective.unclassified).toEqual({ preset: 'abs', parameters: { ...PRESETS.abs, fileTimeoutMs: 30_000 } });
    expect(effective.tiers[0]).toEqual({ tier: 0, preset: 'abs', parameters: { ...PRESETS.abs, fileTimeoutMs: 30_000 } });
    expect(effective.tiers[1]).toEqual({ tier: 1, preset: 'abs', parameters: { ...PRESETS.abs, fileTimeoutMs: 30_000, zerosDisclosive: true } });
    expect(effective.tiers[4]).toEqual({ tier: 4, preset: 'acro', parameters: { ...PRESETS.acro, fileTimeoutMs: 30_000, minCellCount: 20 } });

    // A programme manager may change them too; the next write carries the version just read.
    const next = await changeCheckSettings(ctx('programme'), world.projectId, { preset: null, parameters: {}, tiers: { '3': { preset: 'datashield' } }, version: 1 }, deps);
    expect(next).toMatchObject({ version: 2, settings: { preset: null, parameters: {}, tiers: { '3': { preset: 'datashield', parameters: {} } } } });
    expect(next.effective.tiers.map((t) => t.preset)).toEqual(['opensafely', 'opensafely', 'opensafely', 'datashield', 'opensafely']);

    const events = await auditRows();
    expect(events.map((e) => [e.actor_label, e.object_type, e.object_id, e.project_id])).toEqual([
      [expect.stringContaining('sysadmin'), 'project', world.projectId, world.projectId],
      [expect.stringContaining('programme'), 'project', world.projectId, world.projectId],
    ]);
    expect(JSON.parse(events[0]?.summary ?? '{}')).toEqual({
      from: { preset: null, parameters: {}, tiers: {} },
      to: { preset: 'abs', parameters: { fileTimeoutMs: 30_000 }, tiers: { '4': { preset: 'acro', parameters: { minCellCount: 20 } }, '1': { preset: null, parameters: { zerosDisclosive: true } } } },
    });
    expect(JSON.parse(events[1]?.summary ?? '{}')).toMatchObject({ from: { preset: 'abs' }, to: { preset: null, tiers: { '3': { preset: 'datashield', parameters: {} } } } });
  });

  it('refuses a stale version as a conflict, keeping the settings that won', async () => {
    await changeCheckSettings(ctx('sysadmin'), world.projectId, { preset: 'abs', version: 0 }, deps);
    const before = await read();
    await expect(changeCheckSettings(ctx('programme'), world.projectId, { preset: 'datashield', version: 0 }, deps)).rejects.toMatchObject({ code: 'conflict.stale_version' });
    await expect(changeCheckSettings(ctx('programme'), world.projectId, { preset: 'datashield', version: 7 }, deps)).rejects.toMatchObject({ code: 'conflict.stale_version' });
    expect(await read()).toEqual(before);
    expect(await auditRows()).toHaveLength(1);
  });

  it.each([
    ['an unknown parameter', { parameters: { minCellCoutn: 5 } }],
    ['a parameter of the wrong type', { parameters: { minCellCount: '5' } }],
    ['a boolean parameter given as a number', { parameters: { zerosDisclosive: 1 } }],
    ['a negative parameter', { parameters: { minCellCount: -1 } }],
    ['an unknown preset', { preset: 'strict' }],
    ['an unknown tier', { tiers: { '5': { preset: 'acro' } } }],
    ['an unknown parameter in a tier', { tiers: { '2': { parameters: { threshold: 3 } } } }],
    ['an unknown field', { presets: 'acro' }],
    ['no version', { version: undefined }],
  ])('refuses %s with validation.invalid_input, changing nothing', async (_what, change) => {
    await changeCheckSettings(ctx('sysadmin'), world.projectId, { preset: 'abs', parameters: { minCellCount: 12 }, version: 0 }, deps);
    const before = await read();
    const attempt = changeCheckSettings(ctx('sysadmin'), world.projectId, { preset: 'abs', parameters: {}, tiers: {}, version: 1, ...change }, deps);
    await expect(attempt).rejects.toMatchObject({ code: 'validation.invalid_input' });
    expect(await read()).toEqual(before);
    expect(await auditRows()).toHaveLength(1);
  });

  it('lets no participant change them, hides them from outsiders, and freezes them once the project is closed', async () => {
    for (const key of ['pm', 'investigator', 'researcher', 'dpr', 'referee']) {
      await expect(changeCheckSettings(ctx(key), world.projectId, { preset: 'datashield', version: 0 }, deps)).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    await expect(changeCheckSettings(ctx('outsider'), world.projectId, { preset: 'datashield', version: 0 }, deps)).rejects.toMatchObject({ code: 'project.not_found' });
    await expect(getCheckSettings(ctx('outsider'), world.projectId, deps)).rejects.toMatchObject({ code: 'project.not_found' });
    await expect(getCheckSettings(ctx('sysadmin'), 'no-such-project', deps)).rejects.toMatchObject({ code: 'project.not_found' });
    expect((await getProjectDetail(ctx('sysadmin'), world.projectId)).abilities.manageCheckSettings).toBe(true);
    expect((await getProjectDetail(ctx('pm'), world.projectId)).abilities.manageCheckSettings).toBe(false);

    const programme = ctx('programme');
    await changeProjectStatus(programme, world.projectId, 'start_closing', { version: 1 });
    await waiveAllGaps(world);
    await changeProjectStatus(programme, world.projectId, 'close', { version: 2 });
    await expect(changeCheckSettings(ctx('sysadmin'), world.projectId, { preset: 'datashield', version: 0 }, deps)).rejects.toMatchObject({ code: 'project.closed' });
    expect((await read()).version).toBe(0);
    expect(await auditRows()).toHaveLength(0);
  });
});
