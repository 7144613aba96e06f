/**
 * Re-checking a package in review under the check settings in force, on SQLite and PostgreSQL,
 * with the real blob store and job queue: a table that passed under DataSHIELD is blocked once
 * the project moves to ACRO and the package is re-checked; the earlier result is kept whole in
 * the superseded history and counted in the audit event; every refusal changes nothing.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../checks/presets';
import { listSupersededCheckResults } from '../db/packages.repository';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, snapshotCounts } from '../testing/factories';
import { type TestServices, createTestServices } from '../testing/services';
import { personIn, worldLifecycle } from '../testing/world-lifecycle';
import { changeCheckSettings } from './check-settings.commands';
import type { CommandContext } from './context';
import { ingestFile } from './package-files.commands';
import { recheckPackage } from './package-recheck.commands';
import { changePackageStatus, getFileCheckResult, getPackage, updatePackageContext } from './packages.commands';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE = 'group,count\nA,25\nB,40\nC,5\n';

const codeOf = async (work: Promise<unknown>): Promise<string | undefined> => {
  try {
    await work;
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a DomainError';
  }
  return undefined;
};

describe.each(TEST_DIALECTS)('re-checking a package under the current settings on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let services: TestServices;
  let researcher: CommandContext;
  let pkgId: string;
  let fileId: string;

  const as = (key: string) => personIn(world, key).ctx;
  const versionOf = async () => (await getPackage(researcher, pkgId)).version;
  const checkOf = async () => {
    const check = await getFileCheckResult(researcher, pkgId, fileId);
    return check && { preset: check.preset, verdict: check.result.verdict, parameters: check.parameters };
  };
  const setPreset = (preset: string, version: number) => changeCheckSettings(as('sysadmin'), world.projectId, { preset, version }, { installationPreset: 'acro' });

  beforeEach(async () => {
    world = await life.open();
    // The installation default of the test services is acro; the project starts on datashield.
    services = await createTestServices(life.database());
    researcher = as('researcher');
    pkgId = world.wp.report;
    await setPreset('datashield', 0);
    fileId = (await ingestFile(researcher, services, pkgId, { path: 'table1.csv', source: 'upload' }, Readable.from([Buffer.from(TABLE)]))).file.id;
    await updatePackageContext(researcher, pkgId, {
      version: await versionOf(),
      context: {
        purpose: 'Tables for the final report',
        recipient: 'The research team',
        destinationKind: 'research_team',
        population: 'Adults in the study area',
        suppressionThreshold: 10,
        rounding: 'none',
        outputs: { [fileId]: { shows: 'Counts by group', supportingFileIds: [] } },
      },
    });
    await changePackageStatus(researcher, services, pkgId, { action: 'submit', version: await versionOf() });
    await services.settle();
  });
  afterEach(async () => {
    await services.close();
    await life.close();
  });

  it('checks the current versions again under the new preset, keeping the earlier result as superseded', async () => {
    expect(await checkOf()).toMatchObject({ preset: 'datashield', verdict: 'pass' });
    const earlier = await getFileCheckResult(researcher, pkgId, fileId);
    await setPreset('acro', 1);
    // Changing the settings alone re-checks nothing.
    expect(await checkOf()).toMatchObject({ preset: 'datashield', verdict: 'pass' });

    const moved = await recheckPackage(as('dpr'), services, pkgId, { version: await versionOf(), reason: 'The project now uses the ACRO rules' });
    expect(moved).toMatchObject({ status: 'checking', review_turn: 1 });
    expect(await checkOf()).toBeNull();
    const event = await world.db.selectFrom('audit_events').selectAll().where('action', '=', 'package.recheck_requested').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: personIn(world, 'dpr').id, object_id: pkgId, project_id: world.projectId });
    expect(JSON.parse(event.summary)).toEqual({
      from: 'in_review',
      to: 'checking',
      reviewTurn: 1,
      reason: 'The project now uses the ACRO rules',
      superseded: { results: 1, presets: { datashield: 1 }, verdicts: { pass: 1 } },
    });

    await services.settle();
    const pkg = await getPackage(researcher, pkgId);
    expect(pkg).toMatchObject({ status: 'in_review', reviewTurn: 1, checks: { pass: 0, block: 1, pending: 0 } });
    expect(await checkOf()).toEqual({ preset: 'acro', verdict: 'block', parameters: { ...PRESETS.acro, packageKind: 'report' } });

    // The earlier result is kept whole, with who asked, when and why.
    const version = await world.db.selectFrom('file_versions').select('id').where('file_id', '=', fileId).executeTakeFirstOrThrow();
    const [kept, ...more] = await listSupersededCheckResults(world.db, version.id);
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ preset: 'datashield', verdict: 'pass', superseded_by: personIn(world, 'dpr').id, reason: 'The project now uses the ACRO rules', checked_at: earlier?.checkedAt });
    expect(JSON.parse(kept?.result ?? '{}')).toEqual(earlier?.result);
    expect(JSON.parse(kept?.parameters ?? '{}')).toEqual(earlier?.parameters);
  }, 60_000);

  it('lets a system manager and a programme manager re-check, each re-check adding to the history', async () => {
    await recheckPackage(as('sysadmin'), services, pkgId, { version: await versionOf(), reason: 'Checks tool updated' });
    await services.settle();
    await setPreset('acro', 1);
    await recheckPackage(as('programme'), services, pkgId, { version: await versionOf(), reason: 'Preset tightened' });
    await services.settle();
    expect(await checkOf()).toMatchObject({ preset: 'acro', verdict: 'block' });
    const history = await world.db.selectFrom('superseded_check_results').select(['preset', 'verdict', 'reason']).orderBy('superseded_at').orderBy('reason').execute();
    expect(history).toEqual([
      { preset: 'datashield', verdict: 'pass', reason: 'Checks tool updated' },
      { preset: 'datashield', verdict: 'pass', reason: 'Preset tightened' },
    ]);
  }, 60_000);

  it('refuses the author team, a project manager, an outsider, a missing reason, a stale version and a package not in review, changing nothing', async () => {
    await setPreset('acro', 1);
    const version = await versionOf();
    const before = await snapshotCounts(world.db);
    const reason = 'Please check again';
    expect(await codeOf(recheckPackage(as('researcher'), services, pkgId, { version, reason }))).toBe('workflow.not_allowed');
    expect(await codeOf(recheckPackage(as('investigator'), services, pkgId, { version, reason }))).toBe('workflow.not_allowed');
    expect(await codeOf(recheckPackage(as('pm'), services, pkgId, { version, reason }))).toBe('workflow.not_allowed');
    expect(await codeOf(recheckPackage(as('outsider'), services, pkgId, { version, reason }))).toBe('package.not_found');
    expect(await codeOf(recheckPackage(as('dpr'), services, 'no-such-package', { version, reason }))).toBe('package.not_found');
    expect(await codeOf(recheckPackage(as('dpr'), services, pkgId, { version, reason: '  ' }))).toBe('validation.invalid_input');
    expect(await codeOf(recheckPackage(as('dpr'), services, pkgId, { version }))).toBe('validation.invalid_input');
    expect(await codeOf(recheckPackage(as('dpr'), services, pkgId, { version: version - 1, reason }))).toBe('conflict.stale_version');
    // The same move through the generic transitions request is refused alike.
    expect(await codeOf(changePackageStatus(as('dpr'), services, pkgId, { action: 'recheck', version }))).toBe('validation.invalid_input');
    expect(await codeOf(changePackageStatus(as('researcher'), services, pkgId, { action: 'recheck', version, comment: reason }))).toBe('workflow.not_allowed');
    // The handover package is still a draft.
    const handover = (await getPackage(researcher, world.wp.handover)).version;
    expect(await codeOf(recheckPackage(as('dpr'), services, world.wp.handover, { version: handover, reason }))).toBe('workflow.invalid_transition');
    expect(await snapshotCounts(world.db)).toEqual(before);
    expect(await checkOf()).toMatchObject({ preset: 'datashield', verdict: 'pass' });

    // While the re-check runs, another is refused as a move the package cannot make.
    await recheckPackage(as('referee'), services, pkgId, { version, reason });
    expect(await codeOf(recheckPackage(as('dpr'), services, pkgId, { version: await versionOf(), reason }))).toBe('workflow.invalid_transition');
    await services.settle();
    expect(await checkOf()).toMatchObject({ preset: 'acro', verdict: 'block' });
  }, 60_000);
});
