/**
 * Project closure end to end on SQLite and PostgreSQL (issue 14, docs/closure.md): the inventory
 * job re-hashes only what changed; each kind of gap refuses `close` with its own code until the
 * item is accounted for or waived; a moved egressed file still counts as egressed and a changed
 * one shows as changed; bulk marking by folder and pattern; waivers and marks need reasons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_LISTS } from '../http/address-lists';
import type { OutputAreas } from '../ports/output-areas';
import { TEST_DIALECTS } from '../testing/databases';
import { snapshotCounts } from '../testing/factories';
import { type TestOutputArea, outputAreaFor, refreshInventory } from '../testing/closure';
import { type PackageWorld, createPackageAt, createWorkPackageAt, freshPackageWorldPerTest } from '../testing/package-factories';
import { releasePackage } from '../testing/release-factory';
import { personIn } from '../testing/world-lifecycle';
import { refreshInventoryNow, scheduleInventoryRefreshes } from './closure-inventory.commands';
import { markClosureFiles, waiveClosureItem } from './closure.commands';
import { getClosureChecklist, isClosureChecklistComplete, listClosureFiles } from './closure.queries';
import { addWorkPackage, changeProjectStatus } from './projects.commands';
import { issueReleaseLink } from './releases.commands';

const REPORT = '# Final report\n\nRates per 100,000, rounded to the nearest 5.\n';
const TABLE_V1 = 'group,n\nA,25\nB,30\n';
const TABLE_V2 = 'group,n\nA,25\nB,35\n';

describe.each(TEST_DIALECTS)('project closure on %s', (dialect) => {
  let world: PackageWorld;
  let area: TestOutputArea | undefined;
  freshPackageWorldPerTest(dialect, (w) => (world = w));
  afterEach(async () => {
    await area?.dispose();
    area = undefined;
  });

  const ctx = (key: string) => personIn(world, key).ctx;
  const projectVersion = async () => Number((await world.db.selectFrom('projects').select('version').where('id', '=', world.projectId).executeTakeFirstOrThrow()).version);
  const close = async () => changeProjectStatus(ctx('programme'), world.projectId, 'close', { version: await projectVersion() }, world.services);
  const closeRefusedWith = async (code: string) => {
    const error = await close().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code });
    return error as { details: { gapCounts: Record<string, number>; gaps: { code: string; key: string }[] } };
  };
  const waive = (code: string, key: string, reason = 'Agreed with the programme board') => waiveClosureItem(ctx('programme'), world.projectId, { code, key, reason });

  it('re-hashes only the files that are new or whose size or time changed', async () => {
    area = await outputAreaFor(world);
    await area.write('a.txt', 'alpha\n', 1_700_000_000);
    await area.write('b/b.txt', 'bravo\n', 1_700_000_000);
    await area.write('b/c.txt', 'charlie\n', 1_700_000_000);
    let opened = 0;
    const counting: OutputAreas = {
      check: (c) => world.services.outputAreas.check(c),
      open: async (c) => {
        const source = await world.services.outputAreas.open(c);
        return {
          ...source,
          list: source.list.bind(source),
          describe: source.describe.bind(source),
          walk: source.walk.bind(source),
          inventory: source.inventory.bind(source),
          close: source.close?.bind(source),
          openFile: (p) => ((opened += 1), source.openFile(p)),
        };
      },
    };
    const refresh = () => refreshInventoryNow(ctx('investigator'), world.projectId, { outputAreas: counting });

    expect(await refresh()).toMatchObject({ state: 'done', files: 3, hashed: 3, kept: 0, removed: 0 });
    expect(opened).toBe(3);
    expect(await refresh()).toMatchObject({ files: 3, hashed: 0, kept: 3 });
    expect(opened).toBe(3);

    await area.write('b/b.txt', 'bravo, again\n', 1_700_000_100); // changed
    await area.write('a.txt', 'ALPHA\n', 1_700_000_000); // same size and time: kept, as rsync would
    await area.remove('b/c.txt');
    await area.write('d.txt', 'delta\n', 1_700_000_000);
    expect(await refresh()).toMatchObject({ files: 3, hashed: 2, kept: 1, removed: 1 });
    expect(opened).toBe(5);
    const rows = await world.db.selectFrom('output_area_inventory').select(['path', 'sha256']).where('project_id', '=', world.projectId).orderBy('path').execute();
    expect(rows.map((r) => r.path)).toEqual(['a.txt', 'b/b.txt', 'd.txt']);
    const audit = await world.db.selectFrom('audit_events').select('action').where('action', 'like', 'closure.%').orderBy('seq').execute();
    // A person asked each time, so each run is audited with its counts.
    expect(audit.map((a) => a.action)).toEqual(Array.from({ length: 3 }, () => ['closure.inventory_requested', 'closure.inventory_refreshed']).flat());
  });

  it('runs the inventory as a job on the queue when asked, one run at a time', async () => {
    area = await outputAreaFor(world, { 'x/1.csv': 'a\n', 'x/2.csv': 'b\n' });
    await refreshInventory(world);
    const checklist = await getClosureChecklist(ctx('researcher'), world.projectId);
    expect(checklist.inventory.lastComplete).toMatchObject({ state: 'done', files: 2, hashed: 2, requestedBy: { id: personIn(world, 'investigator').id } });
    expect(checklist.files).toMatchObject({ total: 2, byFate: { unaccounted: 2 } });
    await expect(refreshInventory(world, 'researcher')).rejects.toMatchObject({ code: 'auth.forbidden' });
  });

  it('schedules one run per project with an output area, none while one is pending, and audits a scheduled run only when something changed', async () => {
    area = await outputAreaFor(world, { 'a.txt': 'a' });
    const started: string[] = [];
    const deps = { startInventory: async (id: string) => void started.push(id) };
    expect(await scheduleInventoryRefreshes(world.system, deps)).toBe(1);
    expect(await scheduleInventoryRefreshes(world.system, deps)).toBe(0);
    for (const id of started) await world.services.startInventory(id);
    await world.services.settleInventories();
    expect(await scheduleInventoryRefreshes(world.system, deps)).toBe(1);
    await world.services.startInventory(started[1] as string);
    await world.services.settleInventories();
    const runs = await world.db.selectFrom('inventory_refreshes').select(['state', 'hashed', 'kept']).orderBy('number').execute();
    expect(runs.map((r) => [r.state, Number(r.hashed), Number(r.kept)])).toEqual([
      ['done', 1, 0],
      ['done', 0, 1],
    ]);
    const audited = await world.db.selectFrom('audit_events').select('action').where('action', 'like', 'closure.%').execute();
    expect(audited.map((a) => a.action)).toEqual(['closure.inventory_refreshed']);
  });

  it('refuses to close until every kind of gap is accounted for or waived, each with its own code', async () => {
    const report = await createPackageAt(world, 'approved', {
      files: [
        { path: 'results/report.md', content: REPORT },
        { path: 'results/table.csv', content: TABLE_V1 },
      ],
    });
    await releasePackage(world, world.services, report.id);
    const link = await issueReleaseLink(ctx('sysadmin'), { addresses: ADDRESS_LISTS }, report.id, { lifetimeHours: 24, maxDownloads: 3 });
    const extra = await addWorkPackage(ctx('investigator'), world.projectId, { name: 'Extra egress' });
    area = await outputAreaFor(world, {
      'final/moved-report.md': REPORT, // the released report, renamed and moved
      'results/table.csv': TABLE_V2, // changed after its version was released
      'scratch/tmp1.txt': 'scratch\n',
      'scratch/sub/tmp2.txt': 'more scratch\n',
    });
    await changeProjectStatus(ctx('programme'), world.projectId, 'start_closing', { version: await projectVersion() }, world.services);

    await closeRefusedWith('closure.inventory_missing');
    await refreshInventory(world);

    const refusal = await closeRefusedWith('closure.file_unaccounted');
    expect(refusal.details.gapCounts).toEqual({
      'closure.file_unaccounted': 2,
      'closure.file_changed': 1,
      'closure.recommended_package_open': 1,
      'closure.package_not_final': 1,
      'closure.work_package_unclassified': 3,
      'closure.link_open': 1,
    });
    expect(refusal.details.gaps).toContainEqual(expect.objectContaining({ code: 'closure.link_open', key: link.link.id }));
    const files = await listClosureFiles(ctx('researcher'), world.projectId, {});
    expect(files.files.find((f) => f.path === 'final/moved-report.md')).toMatchObject({
      fate: 'egressed',
      egress: { packageId: report.id, path: 'results/report.md', versionNumber: 1 },
    });
    expect(files.files.find((f) => f.path === 'results/table.csv')).toMatchObject({ fate: 'changed', egress: { path: 'results/table.csv', versionNumber: 1 } });

    expect(await markClosureFiles(ctx('investigator'), world.projectId, { folder: 'scratch', fate: 'discarded', reason: 'Intermediate files' })).toEqual({
      fate: 'discarded',
      matched: 2,
      marked: 2,
      skippedEgressed: 0,
    });
    await closeRefusedWith('closure.file_changed');
    await markClosureFiles(ctx('pm'), world.projectId, { pattern: 'results/*.csv', fate: 'retained', reason: 'The revised table stays inside' });
    await closeRefusedWith('closure.recommended_package_open');

    await waive('closure.recommended_package_open', world.wp.handover);
    await closeRefusedWith('closure.package_not_final');
    await waive('closure.package_not_final', extra.id);
    await closeRefusedWith('closure.work_package_unclassified');
    await createWorkPackageAt(world, 'classified', { workPackage: 'ingress', tier: 1 });
    await createWorkPackageAt(world, 'classified', { workPackage: 'handover', tier: 2 });
    await waive('closure.work_package_unclassified', extra.id);
    await closeRefusedWith('closure.storage_decision_missing');
    await waive('closure.storage_decision_missing', world.wp.handover);
    await closeRefusedWith('closure.link_open');
    await waive('closure.link_open', link.link.id, 'The research team downloads it tomorrow; the link dies in 24 hours');

    const checklist = await getClosureChecklist(ctx('programme'), world.projectId);
    expect(checklist).toMatchObject({ complete: true, gapTotal: 0, files: { total: 4, byFate: { egressed: 1, retained: 1, discarded: 2, changed: 0, unaccounted: 0 } } });
    expect(checklist.waivers).toHaveLength(5);
    expect(checklist.abilities.close).toBe(true);
    // The notifications' closure reminder asks the same question.
    expect(await isClosureChecklistComplete(world.db, world.projectId, new Date().toISOString())).toBe(true);
    await close();
    const closed = await world.db.selectFrom('audit_events').select(['action', 'summary']).where('action', '=', 'project.closed').executeTakeFirstOrThrow();
    expect(JSON.parse(closed.summary)).toEqual({ from: 'closing', to: 'closed', waivers: 5, reportHtmlSha256: expect.any(String), reportPdfSha256: expect.any(String) });
    const waived = await world.db.selectFrom('audit_events').select('action').where('action', '=', 'closure.item_waived').execute();
    expect(waived).toHaveLength(5);
    await expect(markClosureFiles(ctx('investigator'), world.projectId, { folder: '', fate: 'retained', reason: 'late' })).rejects.toMatchObject({ code: 'project.closed' });
  });

  it('keeps egressed files out of a bulk mark, lets a mark be taken back, and a later mark replace an earlier one', async () => {
    const report = await createPackageAt(world, 'approved', { files: [{ path: 'out/report.md', content: REPORT }] });
    await releasePackage(world, world.services, report.id);
    area = await outputAreaFor(world, { 'a/x.tmp': '1', 'a/b/y.tmp': '2', 'a/keep.txt': '3', 'b/z.tmp': '4', 'a/copy-of-report.md': REPORT });
    await refreshInventory(world);
    const fates = async () => Object.fromEntries((await listClosureFiles(ctx('investigator'), world.projectId, {})).files.map((f) => [f.path, f.mark ? `${f.fate}: ${f.mark.reason}` : f.fate]));

    expect(await markClosureFiles(ctx('investigator'), world.projectId, { pattern: '**/*.tmp', fate: 'discarded', reason: 'Temporary' })).toMatchObject({ matched: 3, marked: 3 });
    expect(await markClosureFiles(ctx('investigator'), world.projectId, { folder: 'a/', fate: 'retained', reason: 'Kept for the audit' })).toEqual({
      fate: 'retained',
      matched: 4,
      marked: 3,
      skippedEgressed: 1,
    });
    expect(await markClosureFiles(ctx('investigator'), world.projectId, { paths: ['a/keep.txt'], fate: 'unmarked', reason: 'Marked by mistake' })).toMatchObject({ marked: 1 });
    expect(await fates()).toEqual({
      'a/b/y.tmp': 'retained: Kept for the audit',
      'a/copy-of-report.md': 'egressed',
      'a/keep.txt': 'unaccounted',
      'a/x.tmp': 'retained: Kept for the audit',
      'b/z.tmp': 'discarded: Temporary',
    });
    const page = await listClosureFiles(ctx('investigator'), world.projectId, { limit: 2 });
    expect(page).toMatchObject({ total: 5, next: 'a/copy-of-report.md' });
    expect((await listClosureFiles(ctx('investigator'), world.projectId, { after: page.next, limit: 2 })).files.map((f) => f.path)).toEqual(['a/keep.txt', 'a/x.tmp']);
    expect((await listClosureFiles(ctx('investigator'), world.projectId, { fate: 'discarded' })).files.map((f) => f.path)).toEqual(['b/z.tmp']);
  });

  it('needs a reason for every waiver and mark, and refuses what cannot be waived or marked, changing nothing', async () => {
    area = await outputAreaFor(world, { 'a.txt': 'a' });
    await refreshInventory(world);
    const before = await snapshotCounts(world.db);
    await expect(waive('closure.recommended_package_open', world.wp.report, '   ')).rejects.toMatchObject({ code: 'closure.reason_required' });
    await expect(waive('closure.file_unaccounted', 'a.txt')).rejects.toMatchObject({ code: 'closure.not_waivable' });
    await expect(waive('closure.link_open', 'no-such-link')).rejects.toMatchObject({ code: 'closure.nothing_to_waive' });
    await expect(waiveClosureItem(ctx('pm'), world.projectId, { code: 'closure.recommended_package_open', key: world.wp.report, reason: 'x' })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(markClosureFiles(ctx('investigator'), world.projectId, { folder: '', fate: 'retained', reason: '' })).rejects.toMatchObject({ code: 'closure.reason_required' });
    await expect(markClosureFiles(ctx('investigator'), world.projectId, { pattern: 'nothing/**', fate: 'retained', reason: 'r' })).rejects.toMatchObject({ code: 'closure.no_matching_files' });
    await expect(markClosureFiles(ctx('investigator'), world.projectId, { folder: 'a', pattern: '*', fate: 'retained', reason: 'r' })).rejects.toMatchObject({ code: 'closure.selection_invalid' });
    await expect(markClosureFiles(ctx('researcher'), world.projectId, { folder: '', fate: 'retained', reason: 'r' })).rejects.toMatchObject({ code: 'auth.forbidden' });
    expect(await snapshotCounts(world.db)).toEqual(before);
  });
});
