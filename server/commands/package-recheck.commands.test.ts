/**
 * Re-checking a package in review under the check settings in force, on SQLite and PostgreSQL,
 * with the real blob store and job queue: a table that passed under DataSHIELD is blocked once
 * the project moves to ACRO and the package is re-checked; the earlier result is kept whole in
 * the superseded history and counted in the audit event; every refusal changes nothing (the
 * package row, its check results, every table's row count). Nobody re-checks a package they
 * submitted or whose author team they are on, whatever other role they hold.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../checks/shared/presets';
import { listSupersededCheckResultsWithNames } from '../db/packages.repository';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, snapshotCounts } from '../testing/factories';
import { type TestServices, createTestServices } from '../testing/services';
import { personIn, worldLifecycle } from '../testing/world-lifecycle';
import { changeCheckSettings } from './check-settings.commands';
import type { CommandContext } from './context';
import { ingestFile } from './package-files.commands';
import { recheckPackage } from './package-recheck.commands';
import { changePackageStatus, getFileCheckResult, getPackage, updatePackageContext } from './packages.commands';
import { COMPLETE_CONTEXT } from '../testing/package-context';
import { codeOf } from '../testing/refusals';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE = 'group,count\nA,25\nB,40\nC,5\n';

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
  /** The package row's state and every check result of the package: what a refusal must leave as it was. */
  const stateOf = async (id = pkgId) => ({
    pkg: await world.db.selectFrom('packages').select(['status', 'version', 'review_turn', 'submitted_by']).where('id', '=', id).executeTakeFirstOrThrow(),
    checks: await world.db.selectFrom('check_results').selectAll().where('package_id', '=', id).orderBy('file_version_id').execute(),
    superseded: await world.db.selectFrom('superseded_check_results').select('id').execute(),
  });
  /** Adds the table to a package, completes its context, submits it as `author` and lets the checks finish; returns the file id. */
  const submitWithTable = async (author: CommandContext, id: string) => {
    const version = async () => (await getPackage(author, id)).version;
    const file = (await ingestFile(author, services, id, { path: 'table1.csv', source: 'upload' }, Readable.from([Buffer.from(TABLE)]))).file.id;
    await updatePackageContext(author, id, {
      version: await version(),
      context: { ...COMPLETE_CONTEXT, outputs: { [file]: { shows: 'Counts by group', supportingFileIds: [] } } },
    });
    await changePackageStatus(author, services, id, { action: 'submit', version: await version() });
    await services.settle();
    return file;
  };

  beforeEach(async () => {
    world = await life.open();
    // The installation default of the test services is acro; the project starts on datashield.
    services = await createTestServices(life.database());
    researcher = as('researcher');
    pkgId = world.wp.report;
    await setPreset('datashield', 0);
    fileId = await submitWithTable(researcher, pkgId);
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
    expect(moved).toMatchObject({ status: 'checking', reviewTurn: 1 });
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
    const [kept, ...more] = await listSupersededCheckResultsWithNames(world.db, version.id);
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

  it('refuses the author team, a project manager, an outsider, a bad reason, a stale version, the transitions request and a package not in review, changing nothing', async () => {
    await setPreset('acro', 1);
    const version = await versionOf();
    const before = await snapshotCounts(world.db);
    const state = await stateOf();
    expect(state.pkg).toMatchObject({ status: 'in_review', review_turn: 1 });
    expect(state.checks).toHaveLength(1);
    const reason = 'Please check again';
    const refusals: [string, () => Promise<unknown>][] = [
      ['workflow.not_allowed', () => recheckPackage(as('researcher'), services, pkgId, { version, reason })],
      ['workflow.not_allowed', () => recheckPackage(as('investigator'), services, pkgId, { version, reason })],
      ['workflow.not_allowed', () => recheckPackage(as('pm'), services, pkgId, { version, reason })],
      ['package.not_found', () => recheckPackage(as('outsider'), services, pkgId, { version, reason })],
      ['package.not_found', () => recheckPackage(as('dpr'), services, 'no-such-package', { version, reason })],
      ['validation.invalid_input', () => recheckPackage(as('dpr'), services, pkgId, { version, reason: '  ' })],
      ['validation.invalid_input', () => recheckPackage(as('dpr'), services, pkgId, { version })],
      // A reason over 2000 characters is refused, never cut.
      ['validation.invalid_input', () => recheckPackage(as('dpr'), services, pkgId, { version, reason: 'x'.repeat(2001) })],
      ['conflict.stale_version', () => recheckPackage(as('dpr'), services, pkgId, { version: version - 1, reason })],
      // The generic transitions request refuses a re-check, whoever asks and however long the comment.
      ['validation.invalid_input', () => changePackageStatus(as('dpr'), services, pkgId, { action: 'recheck', version, comment: reason })],
      ['validation.invalid_input', () => changePackageStatus(as('dpr'), services, pkgId, { action: 'recheck', version, comment: 'x'.repeat(3000) })],
      ['validation.invalid_input', () => changePackageStatus(as('researcher'), services, pkgId, { action: 'recheck', version, comment: reason })],
    ];
    for (const [code, work] of refusals) {
      expect(await codeOf(work())).toBe(code);
      expect(await stateOf()).toEqual(state);
    }
    // The handover package is still a draft.
    const handover = (await getPackage(researcher, world.wp.handover)).version;
    const draft = await stateOf(world.wp.handover);
    expect(await codeOf(recheckPackage(as('dpr'), services, world.wp.handover, { version: handover, reason }))).toBe('workflow.invalid_transition');
    expect(await stateOf(world.wp.handover)).toEqual(draft);
    expect(await stateOf()).toEqual(state);
    expect(await snapshotCounts(world.db)).toEqual(before);
    expect(await checkOf()).toMatchObject({ preset: 'datashield', verdict: 'pass' });

    // A reason of exactly 2000 characters is kept whole. While the re-check runs, another is refused as a move the package cannot make.
    const long = 'r'.repeat(2000);
    await recheckPackage(as('dpr'), services, pkgId, { version, reason: long });
    const event = await world.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.recheck_requested').executeTakeFirstOrThrow();
    expect(JSON.parse(event.summary).reason).toBe(long);
    expect((await world.db.selectFrom('superseded_check_results').select('reason').executeTakeFirstOrThrow()).reason).toBe(long);
    const checking = await stateOf();
    expect(checking.pkg).toMatchObject({ status: 'checking', version: version + 1, review_turn: 1 });
    expect(await codeOf(recheckPackage(as('dpr'), services, pkgId, { version: await versionOf(), reason }))).toBe('workflow.invalid_transition');
    expect(await stateOf()).toEqual(checking);
    await services.settle();
    expect(await checkOf()).toMatchObject({ preset: 'acro', verdict: 'block' });
  }, 60_000);

  it('refuses a programme or system manager who submitted the package or is on its author team (package.self_review), changing nothing', async () => {
    await setPreset('acro', 1);
    const programmeAuthor = (await world.addPerson('programme-author', { systemRole: 'programme_manager', projectRole: 'researcher' })).ctx;
    const systemAuthor = (await world.addPerson('system-author', { systemRole: 'system_manager', projectRole: 'investigator' })).ctx;
    // The programme manager who is a researcher submits the handover package.
    await submitWithTable(programmeAuthor, world.wp.handover);
    const reason = 'Please check again';
    for (const id of [pkgId, world.wp.handover]) {
      const state = await stateOf(id);
      expect(state.pkg).toMatchObject({ status: 'in_review', review_turn: 1 });
      expect(state.checks).toHaveLength(1);
      const { version } = await getPackage(researcher, id);
      for (const person of [programmeAuthor, systemAuthor]) {
        expect(await codeOf(recheckPackage(person, services, id, { version, reason })), `${person.actor.label} on ${id}`).toBe('package.self_review');
        expect((await getPackage(person, id)).abilities.recheck).toBe(false);
        expect(await stateOf(id)).toEqual(state);
      }
    }
    expect((await stateOf(world.wp.handover)).pkg.submitted_by).toBe(programmeAuthor.actor.userId);
    // A manager who is not an author may.
    const { version } = await getPackage(researcher, world.wp.handover);
    expect(await recheckPackage(as('programme'), services, world.wp.handover, { version, reason })).toMatchObject({ status: 'checking' });
  }, 60_000);
});
