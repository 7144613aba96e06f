/**
 * Classification integrity (issue 10 §2), through the commands on SQLite and PostgreSQL:
 * a work package is classified only with a dataset that has a representative, keeps its last
 * such dataset once classification has started, and reopening its classification voids the
 * package's sign-offs, sends an approved package back to review by the system's move, and is
 * refused once the package is releasing, released or revoked. Every refusal changes nothing.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SignOffRole } from '../../common/vocab/destinations';
import type { PackageStatus } from '../../common/vocab/statuses';
import { newId } from '../db/ids';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { COMPLETE_CONTEXT } from '../testing/package-context';
import { type TestServices, createTestServices } from '../testing/services';
import { addSecondDataset, personIn, worldLifecycle } from '../testing/world-lifecycle';
import { reopenClassification, submitOpinion } from './classification.commands';
import { type CommandContext, systemActor } from './context';
import { lockPackageFor } from './package-access';
import { ingestFile } from './package-files.commands';
import { transitionPackage } from './package-lifecycle';
import { changePackageStatus, getPackage, updatePackageContext } from './packages.commands';
import { setWorkPackageDatasets } from './projects.commands';
import { getWorkPackageDetail } from './work-packages.queries';
import { codeOf } from '../testing/refusals';

const REASON = 'The report now includes a linked postcode table';
const TABLE = 'group,count\nA,25\nB,40\nC,35\n';

describe.each(TEST_DIALECTS)('classification integrity on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let services: TestServices;

  const as = (key: string): CommandContext => personIn(world, key).ctx;
  const wpId = () => world.wp.report;
  const detail = (key = 'investigator') => getWorkPackageDetail(as(key), wpId());
  const classify = (key: string, tier: number) => submitOpinion(as(key), wpId(), { path: pathFor(tier) });
  const reopen = async (key = 'investigator') => reopenClassification(as(key), wpId(), { reason: REASON, version: (await detail()).workPackage.version });
  /** Refused with `code`, and no row anywhere changed. */
  const refusedUnchanged = async (work: () => Promise<unknown>, code: string) => {
    const before = await snapshotCounts(world.db);
    expect(await codeOf(work())).toBe(code);
    expect(await snapshotCounts(world.db)).toEqual(before);
  };
  /** The researcher adds a table, completes the context and submits; the checks run: the package is in review. */
  const packageInReview = async () => {
    const researcher = as('researcher');
    const version = async () => (await getPackage(researcher, wpId())).version;
    const file = (await ingestFile(researcher, services, wpId(), { path: 'table1.csv', source: 'upload' }, Readable.from([Buffer.from(TABLE)]))).file.id;
    await updatePackageContext(researcher, wpId(), { version: await version(), context: { ...COMPLETE_CONTEXT, outputs: { [file]: { shows: 'Counts by group', supportingFileIds: [] } } } });
    await changePackageStatus(researcher, services, wpId(), { action: 'submit', version: await version() });
    await services.settle();
    expect((await getPackage(researcher, wpId())).status).toBe('in_review');
  };
  // The sign-off command lands in another branch of issue 10; until then these rows are written
  // directly, as that command would write them (live: voided_at null).
  const insertSignOff = (key: string, role: SignOffRole, voided?: { at: string; cause: string }) =>
    world.db
      .insertInto('sign_offs')
      .values({
        id: newId(),
        package_id: wpId(),
        turn: 1,
        user_id: personIn(world, key).id,
        role,
        digest: 'a'.repeat(64),
        signed_at: world.clock.now().toISOString(),
        voided_at: voided?.at ?? null,
        void_cause: voided?.cause ?? null,
      })
      .execute();
  // No command moves a package to approved, releasing, released or revoked yet (approval and
  // release land in other branches / a later issue): the test puts the row there directly.
  const putPackageIn = (status: PackageStatus) => world.db.updateTable('packages').set({ status }).where('id', '=', wpId()).execute();
  const events = async (action: string) => world.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('object_id', '=', wpId()).orderBy('seq').execute();

  beforeEach(async () => {
    world = await life.open();
    services = await createTestServices(life.database());
  });
  afterEach(async () => {
    await services.close();
    await life.close();
  });

  describe('a work package without a represented dataset', () => {
    it('refuses to classify a work package whose datasets were all removed, so the investigator cannot classify tier 0 alone', async () => {
      await setWorkPackageDatasets(as('investigator'), wpId(), { datasetIds: [], version: (await detail()).workPackage.version });
      expect((await detail()).abilities.classify).toBe(false);
      await refusedUnchanged(() => classify('investigator', 0), 'work_package.no_datasets');
      expect((await detail()).workPackage).toMatchObject({ status: 'unclassified', tier: null });
    });

    it('refuses to remove the last dataset once classification has started, and allows it while another represented dataset stays', async () => {
      await classify('investigator', 1);
      expect((await detail()).workPackage.status).toBe('classifying');
      await refusedUnchanged(async () => setWorkPackageDatasets(as('investigator'), wpId(), { datasetIds: [], version: (await detail()).workPackage.version }), 'work_package.last_dataset');

      const second = await addSecondDataset(world);
      await setWorkPackageDatasets(as('investigator'), wpId(), { datasetIds: [second], version: (await detail()).workPackage.version });
      expect((await detail()).workPackage.datasetIds).toEqual([second]);
    });
  });

  describe('reopening the classification of a work package whose package is under way', () => {
    beforeEach(async () => {
      await packageInReview();
      await classify('investigator', 1);
      await classify('dpr', 1);
      expect((await detail()).workPackage.status).toBe('classified');
    });

    it('voids every live sign-off of the package with its cause, audited, and says so in the work package beforehand', async () => {
      await insertSignOff('investigator', 'investigator');
      await insertSignOff('dpr', 'data_provider_representative');
      await insertSignOff('referee', 'referee', { at: '2026-11-01T00:00:00.000Z', cause: 'a new file version' });
      expect((await detail()).workPackage.package).toEqual({ id: wpId(), status: 'in_review', liveSignOffs: 2 });
      world.clock.advance(60_000);
      await reopen('dpr');

      const rows = await world.db.selectFrom('sign_offs').select(['user_id', 'voided_at', 'void_cause']).where('package_id', '=', wpId()).execute();
      const at = world.clock.now().toISOString();
      expect(rows.map((r) => [r.user_id, r.voided_at, r.void_cause]).sort()).toEqual(
        [
          [personIn(world, 'investigator').id, at, 'classification_reopened'],
          [personIn(world, 'dpr').id, at, 'classification_reopened'],
          [personIn(world, 'referee').id, '2026-11-01T00:00:00.000Z', 'a new file version'],
        ].sort(),
      );
      const voided = await events('package.sign_offs_voided');
      expect(voided.map((e) => [e.actor_id, JSON.parse(e.summary)])).toEqual([[personIn(world, 'dpr').id, { count: 2, cause: 'classification_reopened' }]]);
      // A package in review stays in review; only an approved one moves.
      expect((await getPackage(as('researcher'), wpId())).status).toBe('in_review');
      expect(await events('package.approval_voided')).toEqual([]);
      expect((await detail()).workPackage).toMatchObject({ status: 'unclassified', round: 2, package: { status: 'in_review', liveSignOffs: 0 } });
    });

    it('writes no sign-off event when there was nothing to void', async () => {
      await reopen();
      expect(await events('package.sign_offs_voided')).toEqual([]);
      expect((await detail()).workPackage.status).toBe('unclassified');
    });

    it('sends an approved package back to review by the system’s move, with the approval_voided event', async () => {
      await insertSignOff('dpr', 'data_provider_representative');
      await putPackageIn('approved');
      const before = (await getPackage(as('researcher'), wpId())).version;
      await reopen();

      const pkg = await getPackage(as('researcher'), wpId());
      expect(pkg).toMatchObject({ status: 'in_review', version: before + 1 });
      const moved = await events('package.approval_voided');
      expect(moved).toHaveLength(1);
      expect(moved[0]).toMatchObject({ actor_id: null, actor_label: 'the system (classification reopened)', object_type: 'package' });
      expect(JSON.parse(moved[0]?.summary ?? '{}')).toMatchObject({ from: 'approved', to: 'in_review' });
      expect(await world.db.selectFrom('sign_offs').select('void_cause').execute()).toEqual([{ void_cause: 'classification_reopened' }]);
    });

    it.each(['releasing', 'released', 'revoked'] as const)('refuses to reopen once the package is %s, with work_package.package_released, changing nothing', async (status) => {
      await insertSignOff('dpr', 'data_provider_representative');
      await putPackageIn(status);
      expect((await detail()).abilities.reopen).toBe(false);
      const version = (await detail()).workPackage.version;
      await refusedUnchanged(() => reopenClassification(as('investigator'), wpId(), { reason: REASON, version }), 'work_package.package_released');
      expect(await world.db.selectFrom('sign_offs').select('voided_at').execute()).toEqual([{ voided_at: null }]);
    });
  });

  // Approval is not reachable in this branch (the approval guards land in another one): the row
  // is put in `approved` directly to test the system's move on its own.
  it('moves an approved package back to in_review through transitionPackage with the system actor, and refuses that move to a person', async () => {
    await packageInReview();
    await putPackageIn('approved');
    const system: CommandContext = { ...world.system, actor: systemActor('the system (classification reopened)') };
    const refusal = await codeOf(
      world.db.transaction().execute(async (trx) => transitionPackage(trx, as('sysadmin'), await lockPackageFor(trx, wpId(), as('sysadmin').actor, 'view'), 'classification_reopened')),
    );
    expect(refusal).toBe('workflow.not_allowed');
    const moved = await world.db.transaction().execute(async (trx) => transitionPackage(trx, system, await lockPackageFor(trx, wpId(), system.actor, 'view'), 'classification_reopened'));
    expect(moved.status).toBe('in_review');
    const event = (await events('package.approval_voided'))[0];
    expect(event).toMatchObject({ actor_id: null, actor_label: 'the system (classification reopened)' });
  });
});
