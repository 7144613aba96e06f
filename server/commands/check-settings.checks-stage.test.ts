/**
 * The checks stage with a project's check settings, on SQLite and PostgreSQL, with the real
 * blob store and job queue: the project's preset applies to an unclassified work package, the
 * tier's once it is classified, each result keeps the preset and parameters it was checked
 * with, and nothing already checked is checked again.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../checks/shared/presets';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor } from '../testing/factories';
import { type TestServices, createTestServices } from '../testing/services';
import { personIn, worldLifecycle } from '../testing/world-lifecycle';
import { changeCheckSettings } from './check-settings.commands';
import { submitOpinion } from './classification.commands';
import type { CommandContext } from './context';
import { ingestFile } from './package-files.commands';
import { changePackageStatus, getFileCheckResult, getPackage, updatePackageContext } from './packages.commands';
import { COMPLETE_CONTEXT } from '../testing/package-context';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE = 'group,count\nA,25\nB,40\nC,5\n';
const TABLE_V2 = 'group,count\nA,25\nB,40\nC,6\n';

describe.each(TEST_DIALECTS)('the checks stage with project check settings on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let services: TestServices;
  let researcher: CommandContext;
  let pkgId: string;

  beforeEach(async () => {
    world = await life.open();
    // The installation default of the test services is acro.
    services = await createTestServices(life.database());
    researcher = personIn(world, 'researcher').ctx;
    pkgId = world.wp.report;
  });
  afterEach(async () => {
    await services.close();
    await life.close();
  });

  const add = (content: string) => ingestFile(researcher, services, pkgId, { path: 'table1.csv', source: 'upload' }, Readable.from([Buffer.from(content)]));
  const change = async (action: string, ctx: CommandContext, extra: Record<string, unknown> = {}) => {
    const pkg = await getPackage(ctx, pkgId);
    return changePackageStatus(ctx, services, pkgId, { action, version: pkg.version, ...extra });
  };
  const checkOf = async (fileId: string, version?: number) => {
    const check = await getFileCheckResult(researcher, pkgId, fileId, version);
    return { preset: check?.preset, verdict: check?.result.verdict, parameters: check?.parameters, checkedAt: check?.checkedAt };
  };

  it('checks with the project’s preset, then with the tier’s once classified, without re-checking what was checked', async () => {
    await changeCheckSettings(
      personIn(world, 'sysadmin').ctx,
      world.projectId,
      { preset: 'datashield', tiers: { '1': { preset: 'acro', parameters: { fileTimeoutMs: 20_000 } } }, version: 0 },
      {
        installationPreset: 'acro',
      },
    );
    const { file } = await add(TABLE);
    const pkg = await getPackage(researcher, pkgId);
    await updatePackageContext(researcher, pkgId, {
      version: pkg.version,
      // To the research team: a destination tier 1 allows (checked again at resubmission once the tier is known).
      context: { ...COMPLETE_CONTEXT, destinationKind: 'research_team', outputs: { [file.id]: { shows: 'Counts by group', supportingFileIds: [] } } },
    });

    // Not classified yet: the project's preset, under which a count of 5 passes.
    await change('submit', researcher);
    await services.settle();
    const first = await checkOf(file.id, 1);
    expect(first).toMatchObject({ preset: 'datashield', verdict: 'pass', parameters: { ...PRESETS.datashield, packageKind: 'report' } });

    // Classified as tier 1, whose preset is acro: the same table is blocked in a new version.
    for (const key of ['investigator', 'dpr']) await submitOpinion(personIn(world, key).ctx, pkgId, { path: pathFor(1) });
    await change('return', personIn(world, 'dpr').ctx, { comment: 'Please check the counts again' });
    await add(TABLE_V2);
    await change('resubmit', researcher);
    await services.settle();
    expect(await checkOf(file.id, 2)).toMatchObject({ preset: 'acro', verdict: 'block', parameters: { ...PRESETS.acro, fileTimeoutMs: 20_000, packageKind: 'report' } });
    // The first version keeps the result it was checked with.
    expect(await checkOf(file.id, 1)).toEqual(first);
    expect((await getPackage(researcher, pkgId)).status).toBe('in_review');
  });
});
