/**
 * Project use cases: creating a project with its default work packages, participants and
 * the role-separation rules (docs/design.md §3.1), datasets and extra work packages.
 * Runs on SQLite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addSecondDataset as addSecondDatasetTo, participantIdOf as participantIdIn, personIn, worldScopes } from '../testing/world-lifecycle';
import { waitForLockWaiters } from '../testing/locks';
import type { Db } from '../db/schema';
import { listWorkPackageDatasetIds, listWorkPackages } from '../db/work-packages.repository';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { submitOpinion } from './classification.commands';
import { addDataset, addParticipant, addWorkPackage, changeProjectStatus, createProject, removeParticipant, setWorkPackageDatasets } from './projects.commands';
import { getProjectDetail } from './projects.queries';
import { getWorkPackageDetail } from './work-packages.queries';
import { waiveAllGaps } from '../testing/closure';

const datasetIdsOf = async (db: Db, wpId: string) => ((await listWorkPackageDatasetIds(db, [wpId])).get(wpId) ?? []).sort();

describe.each(TEST_DIALECTS)('project commands on %s', (dialect) => {
  let world: World;
  const { freshWorldPerTest, sharedWorld } = worldScopes(dialect, (w) => {
    world = w;
  });

  const person = (key: string) => personIn(world, key);
  const classify = (key: string, tier: number, wp: string) => submitOpinion(person(key).ctx, wp, { path: pathFor(tier) });
  const refused = async (action: () => Promise<unknown>, code: string) => {
    const before = await snapshotCounts(world.db);
    await expect(action()).rejects.toMatchObject({ name: 'DomainError', code });
    expect(await snapshotCounts(world.db)).toEqual(before);
  };
  const participantIdOf = (key: string) => participantIdIn(world, key);
  const addSecondDataset = () => addSecondDatasetTo(world);

  describe('refusals that change nothing', () => {
    sharedWorld();

    it.each(['investigator', 'sysadmin', 'outsider'])('refuses to let the %s create a project with auth.forbidden', async (key) => {
      await refused(() => createProject(person(key).ctx, { name: 'Not allowed', environmentTier: 1 }), 'auth.forbidden');
    });

    it('refuses an unknown question set with question_set.not_found', async () => {
      await refused(() => createProject(person('programme').ctx, { name: 'Odd', environmentTier: 1, questionSet: 'nope' }), 'question_set.not_found');
    });

    it.each([
      ['investigator', 'referee'],
      ['referee', 'investigator'],
      ['dpr', 'researcher'],
      ['investigator', 'investigator'],
    ])('refuses a second role for the %s (as %s) with participant.exists', async (key, role) => {
      await refused(() => addParticipant(person('pm').ctx, world.projectId, { email: person(key).email, role }), 'participant.exists');
    });

    it('refuses to make a system manager a researcher with participant.role_conflict', async () => {
      await refused(() => addParticipant(world.system, world.projectId, { email: person('sysadmin').email, role: 'researcher' }), 'participant.role_conflict');
    });

    it('refuses an email that has no account with user.not_found', async () => {
      await refused(() => addParticipant(world.system, world.projectId, { email: 'nobody@example.org', role: 'researcher' }), 'user.not_found');
    });

    it('refuses to let an investigator manage participants with auth.forbidden', async () => {
      await refused(() => addParticipant(person('investigator').ctx, world.projectId, { email: person('outsider').email, role: 'researcher' }), 'auth.forbidden');
    });

    it('refuses to remove a DPR who still represents a dataset with participant.has_datasets', async () => {
      const id = await participantIdOf('dpr');
      await refused(() => removeParticipant(world.system, world.projectId, id), 'participant.has_datasets');
    });

    it('refuses an unknown participant id with participant.not_found', async () => {
      await refused(() => removeParticipant(world.system, world.projectId, randomUUID()), 'participant.not_found');
    });

    it.each(['researcher', 'investigator', 'outsider'])('refuses the %s as a dataset representative with dataset.representative_invalid', async (key) => {
      await refused(() => addDataset(world.system, world.projectId, { name: 'Dataset C', providerName: 'Provider C', representativeUserId: person(key).id }), 'dataset.representative_invalid');
    });
  });

  describe('creating a project', () => {
    freshWorldPerTest();

    it('creates exactly three work packages: ingress, report finalisation and data provider handover', async () => {
      const project = await createProject(person('programme').ctx, { name: 'Air quality follow-up', environmentTier: 2 });
      expect(project).toMatchObject({ name: 'Air quality follow-up', description: '', environment_tier: 2, question_set_id: 'qs-turing-1', status: 'active', created_by: person('programme').id });
      const wps = await listWorkPackages(world.db, project.id);
      expect(wps.map((w) => w.kind).sort()).toEqual(['egress_handover', 'egress_report', 'ingress']);
      for (const wp of wps) {
        expect(wp.description.length).toBeGreaterThan(40);
        expect(wp).toMatchObject({ status: 'unclassified', tier: null, round: 1, version: 1, resolution: null });
      }
      expect(wps.map((w) => w.name).sort()).toEqual(['Egress – Data Provider Handover', 'Egress – Report finalisation', 'Ingress']);
      const audit = await world.db.selectFrom('audit_events').select(['action', 'object_id']).where('project_id', '=', project.id).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['project.created', 'work_package.created', 'work_package.created', 'work_package.created']);
      expect(
        audit
          .slice(1)
          .map((a) => a.object_id)
          .sort(),
      ).toEqual(wps.map((w) => w.id).sort());
    });

    it('lets the system actor (the CLI) create a project', async () => {
      const project = await createProject(world.system, { name: 'From the CLI', environmentTier: 3 });
      expect(project.created_by).toBeNull();
      expect(await listWorkPackages(world.db, project.id)).toHaveLength(3);
    });
  });

  describe('participants', () => {
    freshWorldPerTest();

    // Two additions of the same person in flight at once: the project row lock makes the second
    // wait and then see the first, so it gets the stable code rather than a unique-index error.
    it.runIf(dialect === 'postgres')('refuses the second of two simultaneous additions of the same person with participant.exists', async () => {
      const add = (role: string) => addParticipant(world.system, world.projectId, { email: person('outsider').email, role });
      const { racing } = await world.db.transaction().execute(async (trx) => {
        await sql`select id from projects where id = ${world.projectId} for update`.execute(trx);
        const started = Promise.allSettled([add('researcher'), add('referee')]);
        await waitForLockWaiters(world.db, 2);
        return { racing: started };
      });
      const results = await racing;
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'participant.exists' });
    });

    it('removes a participant but keeps the row as history, and lets them be added again', async () => {
      const id = await participantIdOf('researcher');
      await removeParticipant(person('pm').ctx, world.projectId, id);
      const row = await world.db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ role: 'researcher', removed_at: '2026-11-27T09:00:00.000Z' });
      const detail = await getProjectDetail(person('pm').ctx, world.projectId);
      expect(detail.participants.map((p) => p.role).sort()).toEqual(['data_provider_representative', 'investigator', 'project_manager', 'referee']);
      await refused(() => removeParticipant(person('pm').ctx, world.projectId, id), 'participant.not_found');
      await addParticipant(person('pm').ctx, world.projectId, { email: person('researcher').email, role: 'researcher' });
      expect(await world.db.selectFrom('participants').select('id').where('user_id', '=', person('researcher').id).execute()).toHaveLength(2);
    });
  });

  describe('datasets', () => {
    freshWorldPerTest();

    it('attaches a new dataset to every work package not yet classified and leaves classified ones alone', async () => {
      await classify('investigator', 1, world.wp.ingress);
      await classify('dpr', 1, world.wp.ingress);
      await classify('investigator', 0, world.wp.report);
      await classify('dpr', 1, world.wp.report);
      await classify('investigator', 1, world.wp.handover);
      const ingressBefore = await getWorkPackageDetail(person('investigator').ctx, world.wp.ingress);
      const datasetB = await addSecondDataset();

      const ingress = await getWorkPackageDetail(person('investigator').ctx, world.wp.ingress);
      expect(ingress.workPackage).toEqual(ingressBefore.workPackage);
      expect(await datasetIdsOf(world.db, world.wp.ingress)).toEqual([world.datasetId]);
      for (const wp of [world.wp.report, world.wp.handover]) {
        expect(await datasetIdsOf(world.db, wp)).toEqual([world.datasetId, datasetB].sort());
      }
      // The disputed report now also waits for the new representative.
      const report = await getWorkPackageDetail(person('investigator').ctx, world.wp.report);
      expect(report.workPackage.status).toBe('classifying');
      expect(report.waitingFor.map((w) => [w.kind, w.userId])).toEqual([['dpr', person('dpr2').id]]);
      const handover = await getWorkPackageDetail(person('investigator').ctx, world.wp.handover);
      expect(handover.waitingFor.map((w) => w.userId).sort()).toEqual([person('dpr').id, person('dpr2').id].sort());
    });
  });

  describe('extra work packages', () => {
    freshWorldPerTest();

    it("adds an egress_other work package that uses all the project's datasets by default", async () => {
      const datasetB = await addSecondDataset();
      const wp = await addWorkPackage(person('investigator').ctx, world.projectId, { name: 'Conference poster' });
      expect(wp).toMatchObject({ kind: 'egress_other', name: 'Conference poster', description: '', status: 'unclassified', tier: null, version: 1, round: 1 });
      expect(await datasetIdsOf(world.db, wp.id)).toEqual([world.datasetId, datasetB].sort());
    });

    it('adds one with only the chosen datasets, listed once', async () => {
      await addSecondDataset();
      const wp = await addWorkPackage(person('pm').ctx, world.projectId, { name: 'Only A', datasetIds: [world.datasetId, world.datasetId] });
      expect(await datasetIdsOf(world.db, wp.id)).toEqual([world.datasetId]);
    });

    it('refuses datasets of another project with work_package.dataset_not_in_project', async () => {
      const other = await createProject(person('programme').ctx, { name: 'Other project', environmentTier: 1 });
      await addParticipant(world.system, other.id, { email: person('dpr').email, role: 'data_provider_representative' });
      await addDataset(world.system, other.id, { name: 'Foreign', providerName: 'Elsewhere', representativeUserId: person('dpr').id });
      const foreign = (await world.db.selectFrom('datasets').select('id').where('project_id', '=', other.id).executeTakeFirstOrThrow()).id;
      await refused(() => addWorkPackage(person('investigator').ctx, world.projectId, { name: 'Sneaky', datasetIds: [world.datasetId, foreign] }), 'work_package.dataset_not_in_project');
      const { workPackage } = await getWorkPackageDetail(person('investigator').ctx, world.wp.report);
      await refused(() => setWorkPackageDatasets(person('investigator').ctx, world.wp.report, { datasetIds: [foreign], version: workPackage.version }), 'work_package.dataset_not_in_project');
    });

    it('refuses to change the datasets of a work package with a stale version with conflict.stale_version', async () => {
      const { workPackage } = await getWorkPackageDetail(person('investigator').ctx, world.wp.report);
      await classify('investigator', 1, world.wp.report);
      await refused(() => setWorkPackageDatasets(person('investigator').ctx, world.wp.report, { datasetIds: [], version: workPackage.version }), 'conflict.stale_version');
    });

    // Otherwise an investigator could end a dispute alone by taking the dissenting DPR's dataset out.
    it('refuses to change the datasets of a disputed work package with work_package.disputed', async () => {
      await classify('investigator', 0, world.wp.report);
      await classify('dpr', 1, world.wp.report);
      const disputed = await getWorkPackageDetail(person('investigator').ctx, world.wp.report);
      expect(disputed.workPackage.status).toBe('disputed');
      const before = await snapshotCounts(world.db);
      await expect(setWorkPackageDatasets(person('investigator').ctx, world.wp.report, { datasetIds: [], version: disputed.workPackage.version })).rejects.toMatchObject({
        name: 'DomainError',
        code: 'work_package.disputed',
      });
      expect(await snapshotCounts(world.db)).toEqual(before);
    });
  });

  describe('lifecycle', () => {
    freshWorldPerTest();
    const versionOfProject = async () => (await getProjectDetail(world.system, world.projectId)).project.version;
    const move = (key: string, action: 'start_closing' | 'resume' | 'close', version: number) => changeProjectStatus(person(key).ctx, world.projectId, action, { version });

    it('keeps classifying while a project is closing and freezes it once closed with project.closed', async () => {
      await move('programme', 'start_closing', await versionOfProject());
      await classify('investigator', 1, world.wp.report);
      await classify('dpr', 1, world.wp.report);
      // Not this test's subject (closure.commands.test.ts): the programme manager waives every gap.
      expect(await waiveAllGaps(world)).toBe(4);
      await move('programme', 'close', await versionOfProject());
      expect((await getProjectDetail(world.system, world.projectId)).project).toMatchObject({ status: 'closed', version: 3 });
      await refused(() => classify('investigator', 1, world.wp.handover), 'project.closed');
      await refused(() => addParticipant(world.system, world.projectId, { email: person('outsider').email, role: 'researcher' }), 'project.closed');
      await refused(() => addWorkPackage(person('investigator').ctx, world.projectId, { name: 'Too late' }), 'project.closed');
      await refused(() => move('programme', 'resume', 3), 'project.closed');
      const events = await world.db.selectFrom('audit_events').select(['action', 'summary']).where('object_id', '=', world.projectId).where('action', 'like', 'project.%').orderBy('seq').execute();
      expect(events.map((e) => [e.action, JSON.parse(e.summary)])).toEqual([
        ['project.created', { name: 'Test project', environmentTier: 3, questionSet: 'turing@1' }],
        ['project.closing_started', { from: 'active', to: 'closing' }],
        ['project.closed', { from: 'closing', to: 'closed', waivers: 4 }],
      ]);
    });

    it('refuses a move the lifecycle does not list with workflow.invalid_transition', async () => {
      await refused(() => move('programme', 'close', 1), 'workflow.invalid_transition');
      await refused(() => move('programme', 'resume', 1), 'workflow.invalid_transition');
    });

    it('refuses a move made on a stale version with conflict.stale_version, and a move by an investigator with auth.forbidden', async () => {
      await move('programme', 'start_closing', 1);
      await move('programme', 'resume', 2);
      await refused(() => move('programme', 'start_closing', 2), 'conflict.stale_version');
      await refused(() => move('investigator', 'start_closing', 3), 'auth.forbidden');
    });
  });
});

/** Waits until `n` sessions of this database are blocked on a lock (PostgreSQL only). */
