/**
 * The last step of the checks stage, on SQLite and PostgreSQL: a package moves from `checking`
 * to `in_review` only when every current file version has a result. A re-check keeps the review
 * turn, so a duplicate or stale job of the same package and turn can reach this step while the
 * versions the re-check set aside are still unchecked; it must leave the package `checking`.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveCheckResult } from '../db/packages.repository';
import type { BlobStore } from '../ports/blob-store';
import { TEST_DIALECTS } from '../testing/databases';
import type { World } from '../testing/factories';
import { type TestServices, createTestServices } from '../testing/services';
import { personIn, worldLifecycle } from '../testing/world-lifecycle';
import { stagedScanner } from '../checks/engine/staged-scan';
import { finishChecks, runPackageChecks } from './checks-stage';
import type { CommandContext } from './context';
import { inTransaction, systemActor } from './context';
import { ingestFile } from './package-files.commands';
import { recheckPackage } from './package-recheck.commands';
import { changePackageStatus, getPackage, updatePackageContext } from './packages.commands';

const TABLE = 'group,count\nA,25\nB,40\nC,50\n';

describe.each(TEST_DIALECTS)('finishing the checks of a package on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let services: TestServices;
  let researcher: CommandContext;
  let pkgId: string;

  const statusOf = async () => world.db.selectFrom('packages').select(['status', 'review_turn', 'version']).where('id', '=', pkgId).executeTakeFirstOrThrow();
  const versionOf = async () => (await getPackage(researcher, pkgId)).version;

  beforeEach(async () => {
    world = await life.open();
    services = await createTestServices(life.database());
    researcher = personIn(world, 'researcher').ctx;
    pkgId = world.wp.report;
    const outputs: Record<string, { shows: string; supportingFileIds: string[] }> = {};
    for (const path of ['table1.csv', 'table2.csv']) {
      const { file } = await ingestFile(researcher, services, pkgId, { path, source: 'upload' }, Readable.from([Buffer.from(TABLE)]));
      outputs[file.id] = { shows: 'Counts by group', supportingFileIds: [] };
    }
    await updatePackageContext(researcher, pkgId, {
      version: await versionOf(),
      context: { purpose: 'Tables', recipient: 'The team', destinationKind: 'research_team', population: 'Adults', suppressionThreshold: 10, rounding: 'none', outputs },
    });
    await changePackageStatus(researcher, services, pkgId, { action: 'submit', version: await versionOf() });
    await services.settle();
    expect(await statusOf()).toMatchObject({ status: 'in_review', review_turn: 1 });
  }, 60_000);
  afterEach(async () => {
    await services.close();
    await life.close();
  });

  it('leaves the package checking while one current version has no result, and moves it once all have one', async () => {
    // Re-checked without queueing the checks job: the test plays the jobs itself.
    await recheckPackage(personIn(world, 'dpr').ctx, { startChecks: async () => {} }, pkgId, { version: await versionOf(), reason: 'Settings changed' });
    const superseded = await world.db.selectFrom('superseded_check_results').selectAll().orderBy('file_version_id').execute();
    expect(superseded).toHaveLength(2);
    const restore = async (index: number) => {
      const { id: _id, superseded_at: _at, superseded_by: _by, reason: _reason, ...row } = superseded[index] as (typeof superseded)[number];
      await inTransaction(world.system, (trx) => saveCheckResult(trx, row));
    };
    const job = { packageId: pkgId, reviewTurn: 1 };

    // No current version has a result.
    expect(await finishChecks(world.system, job)).toBe(false);
    const checking = await statusOf();
    expect(checking).toMatchObject({ status: 'checking', review_turn: 1 });

    // One of the two has a result: a stale job of the same turn must not finish.
    await restore(0);
    expect(await finishChecks(world.system, job)).toBe(false);
    expect(await statusOf()).toEqual(checking);
    expect(await world.db.selectFrom('audit_events').select('seq').where('action', '=', 'package.checks_finished').where('object_id', '=', pkgId).execute()).toHaveLength(1);

    // A job of another turn does nothing either.
    await restore(1);
    expect(await finishChecks(world.system, { packageId: pkgId, reviewTurn: 2 })).toBe(false);
    expect(await statusOf()).toEqual(checking);

    // Every current version has a result: the package moves.
    expect(await finishChecks(world.system, job)).toBe(true);
    expect(await statusOf()).toMatchObject({ status: 'in_review', review_turn: 1, version: checking.version + 1 });
    expect(await finishChecks(world.system, job)).toBe(false);
  }, 60_000);
  it("stores nothing from a job that started before a re-check, and lets the re-check's own job store the results", async () => {
    const dpr = personIn(world, 'dpr').ctx;
    const system = { db: world.db, clock: world.clock, actor: systemActor('checks stage') };
    const plain = { blobs: services.blobs, scanner: stagedScanner({ workers: 1 }), preset: 'acro' as const, toolVersion: 'test' };
    await recheckPackage(dpr, { startChecks: async () => {} }, pkgId, { version: await versionOf(), reason: 'Settings changed' });
    const job = { packageId: pkgId, reviewTurn: (await statusOf()).review_turn };

    // Job A starts; while it reads the files, a duplicate job of the same turn finishes the checks
    // and a reviewer re-checks the package again: A's results belong to before that re-check.
    let interleaved = false;
    const interleaving: BlobStore = {
      ...services.blobs,
      description: services.blobs.description,
      open: async (sha256) => {
        if (!interleaved) {
          interleaved = true;
          await runPackageChecks(system, plain, job);
          expect(await statusOf()).toMatchObject({ status: 'in_review' });
          await recheckPackage(dpr, { startChecks: async () => {} }, pkgId, { version: await versionOf(), reason: 'Once more' });
        }
        return services.blobs.open(sha256);
      },
    };
    await runPackageChecks(system, { ...plain, blobs: interleaving }, job);
    expect(interleaved).toBe(true);
    expect(await world.db.selectFrom('check_results').selectAll().where('package_id', '=', pkgId).execute()).toEqual([]);
    expect(await statusOf()).toMatchObject({ status: 'checking' });

    // The re-check's own job (started after it) stores the results and finishes the checks.
    await runPackageChecks(system, plain, job);
    expect(await world.db.selectFrom('check_results').select('file_version_id').where('package_id', '=', pkgId).execute()).toHaveLength(2);
    expect(await statusOf()).toMatchObject({ status: 'in_review' });
  }, 60_000);
});
