/**
 * Work package persistence: inserts with their datasets, optimistic updates that refuse a
 * stale version (also when two writers race), and the database's own guard that a
 * classified work package has a tier. Runs on SQLite and on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { worldScopes } from '../testing/world-lifecycle';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, snapshotCounts } from '../testing/factories';
import { type AuditInput } from './audit.repository';
import type { Db } from './schema';
import { findWorkPackage, insertWorkPackage, listWorkPackageDatasetIds, listWorkPackages, replaceWorkPackageDatasets, updateWorkPackage } from './work-packages.repository';

const audit = (action: string, objectId: string): AuditInput => ({
  actorId: null,
  actorLabel: 'test',
  action,
  objectType: 'work_package',
  objectId,
  summary: { note: action },
  at: '2026-11-27T10:00:00.000Z',
});

/** Everything an update could touch. */
async function fingerprint(db: Db) {
  return {
    counts: await snapshotCounts(db),
    workPackages: await db.selectFrom('work_packages').selectAll().orderBy('id').execute(),
    links: await db.selectFrom('work_package_datasets').selectAll().orderBy('work_package_id').orderBy('dataset_id').execute(),
    head: await db.selectFrom('audit_head').selectAll().execute(),
  };
}

describe.each(TEST_DIALECTS)('work package repository on %s', (dialect) => {
  let world: World;
  worldScopes(dialect, (w) => {
    world = w;
  }).freshWorldPerTest();

  const update = (id: string, expectedVersion: number, changes: Parameters<typeof updateWorkPackage>[3]) =>
    world.db.transaction().execute((trx) => updateWorkPackage(trx, id, expectedVersion, changes, audit('work_package.test_update', id)));

  it('lists the three work packages of a project with the dataset each uses', async () => {
    const wps = await listWorkPackages(world.db, world.projectId);
    expect(wps.map((w) => w.id).sort()).toEqual(Object.values(world.wp).sort());
    const links = await listWorkPackageDatasetIds(
      world.db,
      wps.map((w) => w.id),
    );
    expect([...links.values()]).toEqual([[world.datasetId], [world.datasetId], [world.datasetId]]);
    expect(await listWorkPackageDatasetIds(world.db, [])).toEqual(new Map());
  });

  it('inserts a work package unclassified at version 1 with its datasets and an audit event naming it', async () => {
    const wp = await world.db
      .transaction()
      .execute((trx) =>
        insertWorkPackage(
          trx,
          { project_id: world.projectId, kind: 'egress_other', name: 'Poster', description: 'For the conference', created_at: '2026-11-27T10:00:00.000Z' },
          [world.datasetId],
          audit('work_package.created', ''),
        ),
      );
    expect(await findWorkPackage(world.db, wp.id)).toEqual({
      ...wp,
      status: 'unclassified',
      tier: null,
      round: 1,
      resolution: null,
      classified_at: null,
      policy_version: null,
      version: 1,
    });
    expect((await listWorkPackageDatasetIds(world.db, [wp.id])).get(wp.id)).toEqual([world.datasetId]);
    const event = await world.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'work_package.created', object_id: wp.id });
  });

  it('writes changes at the expected version, bumps the version and records the audit event', async () => {
    const updated = await update(world.wp.report, 1, { status: 'classifying' });
    expect(updated).toMatchObject({ id: world.wp.report, status: 'classifying', version: 2, tier: null });
    const event = await world.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'work_package.test_update', object_id: world.wp.report, summary: '{"note":"work_package.test_update"}' });
  });

  it('refuses a stale version with conflict.stale_version and rolls back the whole transaction', async () => {
    await update(world.wp.report, 1, { status: 'classifying' });
    const before = await fingerprint(world.db);
    await expect(
      world.db.transaction().execute(async (trx) => {
        await insertWorkPackage(
          trx,
          { project_id: world.projectId, kind: 'egress_other', name: 'Written first', description: '', created_at: '2026-11-27T10:00:00.000Z' },
          [],
          audit('work_package.created', ''),
        );
        return updateWorkPackage(trx, world.wp.report, 1, { status: 'classified', tier: 1 }, audit('work_package.classified', world.wp.report));
      }),
    ).rejects.toMatchObject({ name: 'DomainError', code: 'conflict.stale_version', details: { expectedVersion: 1 } });
    expect(await fingerprint(world.db)).toEqual(before);
  });

  it('refuses an unknown work package id with conflict.stale_version and changes nothing', async () => {
    const before = await fingerprint(world.db);
    await expect(update('no-such-work-package', 1, { status: 'classifying' })).rejects.toMatchObject({ code: 'conflict.stale_version' });
    expect(await fingerprint(world.db)).toEqual(before);
  });

  it('lets exactly one of two transactions holding the same version write', async () => {
    const before = await fingerprint(world.db);
    const results = await Promise.allSettled([update(world.wp.report, 1, { status: 'classifying' }), update(world.wp.report, 1, { status: 'disputed' })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: 'conflict.stale_version' });
    const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ status: string }>;
    expect(await findWorkPackage(world.db, world.wp.report)).toMatchObject({ version: 2, status: winner.value.status });
    expect((await fingerprint(world.db)).counts.audit_events).toBe((before.counts.audit_events ?? 0) + 1);
  });

  it('replaces the datasets of a work package only at the expected version', async () => {
    const before = await fingerprint(world.db);
    await expect(world.db.transaction().execute((trx) => replaceWorkPackageDatasets(trx, world.wp.report, 2, [], audit('work_package.datasets_changed', world.wp.report)))).rejects.toMatchObject({
      code: 'conflict.stale_version',
    });
    expect(await fingerprint(world.db)).toEqual(before);
    await world.db.transaction().execute((trx) => replaceWorkPackageDatasets(trx, world.wp.report, 1, [], audit('work_package.datasets_changed', world.wp.report)));
    expect((await listWorkPackageDatasetIds(world.db, [world.wp.report])).get(world.wp.report)).toEqual([]);
    expect(await findWorkPackage(world.db, world.wp.report)).toMatchObject({ version: 2 });
  });

  it('has the database refuse a classified work package without a tier', async () => {
    const before = await fingerprint(world.db);
    await expect(update(world.wp.report, 1, { status: 'classified', tier: null })).rejects.toThrow(/work_packages_classified_has_tier/);
    expect(await fingerprint(world.db)).toEqual(before);
  });
});
