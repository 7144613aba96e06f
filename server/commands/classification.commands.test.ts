/**
 * Classification through the commands (docs/design.md §3.3): who must classify, how opinions
 * combine, disputes and their resolution, reopening, and blindness. Every test runs on
 * SQLite and on PostgreSQL, and every test ends with an intact audit chain.
 */
import { describe, expect, it } from 'vitest';
import { addSecondDataset as addSecondDatasetTo, participantIdOf as participantIdIn, personIn, worldScopes } from '../testing/world-lifecycle';
import type { WorkPackageDetail } from '../../common/contracts/work-packages.contract';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { approveReferee, discussDispute, reopenClassification, resolveDisputeByHighestTier, submitOpinion } from './classification.commands';
import { addParticipant, addWorkPackage, removeParticipant, setWorkPackageDatasets } from './projects.commands';
import { getWorkPackageDetail } from './work-packages.queries';

const REASON = 'The report now includes a linked postcode table';

describe.each(TEST_DIALECTS)('classification commands on %s', (dialect) => {
  let world: World;
  worldScopes(dialect, (w) => {
    world = w;
  }).freshWorldPerTest();

  const person = (key: string) => personIn(world, key);
  const classify = (key: string, tier: number, wp = world.wp.report) => submitOpinion(person(key).ctx, wp, { path: pathFor(tier) });
  const detail = (key: string, wp = world.wp.report) => getWorkPackageDetail(person(key).ctx, wp);
  const waiting = (d: WorkPackageDetail) => d.waitingFor.map(({ description: _, ...w }) => w);
  const participantIdOf = (key: string) => participantIdIn(world, key);
  const removeFromProject = async (key: string) => removeParticipant(world.system, world.projectId, await participantIdOf(key));
  const addSecondDataset = () => addSecondDatasetTo(world);
  const auditOf = async (action: string, wp = world.wp.report) =>
    (await world.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('object_id', '=', wp).orderBy('seq').execute()).map((r) => JSON.parse(r.summary));

  describe('agreement', () => {
    it('classifies a work package when the investigator and the DPR agree', async () => {
      await classify('investigator', 1);
      const half = await detail('investigator');
      expect(half.workPackage.status).toBe('classifying');
      expect(waiting(half)).toEqual([{ kind: 'dpr', userId: person('dpr').id }]);
      await classify('dpr', 1);
      const done = await detail('investigator');
      expect(done.workPackage).toMatchObject({ status: 'classified', tier: 1, round: 1, resolution: 'agreement', policyVersion: 1, classifiedAt: '2026-11-27T09:00:00.000Z' });
      expect(done.policy?.tier).toBe(1);
      expect(done.waitingFor).toEqual([]);
      expect(await auditOf('work_package.classification_started')).toEqual([{ from: 'unclassified', to: 'classifying' }]);
      expect(await auditOf('work_package.classified')).toEqual([{ from: 'classifying', to: 'classified', tier: 1, policyVersion: 1, opinions: 2 }]);
    });

    it('puts the work package in dispute when the tiers differ and shows the highest tier only to those who submitted', async () => {
      await classify('investigator', 0);
      await classify('dpr', 1);
      const mine = await detail('investigator');
      expect(mine.workPackage).toMatchObject({ status: 'disputed', tier: null, resolution: null });
      expect(mine.highestTier).toBe(1);
      expect(mine.opinions?.map((o) => [o.role, o.tier]).sort()).toEqual([
        ['data_provider_representative', 1],
        ['investigator', 0],
      ]);
      expect((await detail('dpr')).highestTier).toBe(1);
      const researcher = await detail('researcher');
      expect(researcher.workPackage.status).toBe('disputed');
      expect(researcher.highestTier).toBeNull();
      expect(researcher.opinions).toBeNull();
    });
  });

  describe('required classifiers', () => {
    it('waits for the representative of every dataset in the work package', async () => {
      const datasetB = await addSecondDataset();
      expect((await detail('investigator')).workPackage.datasetIds.sort()).toEqual([world.datasetId, datasetB].sort());
      await classify('investigator', 1);
      await classify('dpr', 1);
      const half = await detail('investigator');
      expect(half.workPackage.status).toBe('classifying');
      expect(waiting(half)).toEqual([{ kind: 'dpr', userId: person('dpr2').id }]);
      await classify('dpr2', 1);
      expect((await detail('dpr2')).workPackage).toMatchObject({ status: 'classified', tier: 1 });
    });

    it('refuses the representative of a dataset the work package does not use', async () => {
      await addSecondDataset();
      const onlyA = await addWorkPackage(person('investigator').ctx, world.projectId, { name: 'Extra tables', datasetIds: [world.datasetId] });
      const before = await snapshotCounts(world.db);
      await expect(classify('dpr2', 1, onlyA.id)).rejects.toMatchObject({ code: 'classification.not_a_classifier' });
      expect(await snapshotCounts(world.db)).toEqual(before);
    });

    it('stops waiting for a representative once their dataset is taken out of the work package', async () => {
      await addSecondDataset();
      await classify('investigator', 1);
      await classify('dpr2', 2);
      const { workPackage } = await detail('investigator');
      await setWorkPackageDatasets(person('investigator').ctx, world.wp.report, { datasetIds: [world.datasetId], version: workPackage.version });
      await expect(classify('dpr2', 2)).rejects.toMatchObject({ code: 'classification.not_a_classifier' });
      await classify('dpr', 1);
      const done = await detail('dpr');
      expect(done.workPackage).toMatchObject({ status: 'classified', tier: 1, datasetIds: [world.datasetId] });
      expect(done.opinions?.find((o) => o.classifierId === person('dpr2').id)).toMatchObject({ tier: 2, current: false });
    });

    it('needs a referee once a DPR says tier 2, and classifies when the referee agrees', async () => {
      await classify('investigator', 2);
      await classify('dpr', 2);
      const half = await detail('investigator');
      expect(half.workPackage.status).toBe('classifying');
      expect(half).toMatchObject({ refereeRequired: true, refereeApprovalRequired: false });
      expect(waiting(half)).toEqual([{ kind: 'referee' }]);
      await classify('referee', 2);
      expect((await detail('referee')).workPackage).toMatchObject({ status: 'classified', tier: 2, resolution: 'agreement' });
    });

    it('counts the referee at DPR tier 3 only after every DPR has approved them', async () => {
      await addSecondDataset();
      const refereeId = person('referee').id;
      await classify('investigator', 3);
      await classify('dpr', 3);
      await classify('dpr2', 3);
      await classify('referee', 3);
      const unapproved = await detail('investigator');
      expect(unapproved.workPackage.status).toBe('classifying');
      expect(unapproved.refereeApprovalRequired).toBe(true);
      const [approval, ...rest] = waiting(unapproved);
      expect(rest).toEqual([]);
      expect(approval).toMatchObject({ kind: 'referee_approval', refereeId });
      expect([...(approval?.dprIds ?? [])].sort()).toEqual([person('dpr').id, person('dpr2').id].sort());
      await approveReferee(person('dpr').ctx, world.wp.report, { refereeUserId: refereeId });
      const halfApproved = await detail('investigator');
      expect(halfApproved.workPackage.status).toBe('classifying');
      expect(waiting(halfApproved)).toEqual([{ kind: 'referee_approval', refereeId, dprIds: [person('dpr2').id] }]);
      await approveReferee(person('dpr2').ctx, world.wp.report, { refereeUserId: refereeId });
      const done = await detail('investigator');
      expect(done.workPackage).toMatchObject({ status: 'classified', tier: 3 });
      expect(done.classifiers.find((c) => c.userId === refereeId)?.approvedBy.sort()).toEqual([person('dpr').id, person('dpr2').id].sort());
    });

    it('refuses to approve someone who is not a referee, and refuses approval by a non-DPR', async () => {
      await classify('dpr', 3);
      const before = await snapshotCounts(world.db);
      await expect(approveReferee(person('dpr').ctx, world.wp.report, { refereeUserId: person('investigator').id })).rejects.toMatchObject({ code: 'classification.not_a_referee' });
      await expect(approveReferee(person('investigator').ctx, world.wp.report, { refereeUserId: person('referee').id })).rejects.toMatchObject({ code: 'auth.forbidden' });
      expect(await snapshotCounts(world.db)).toEqual(before);
    });
  });

  describe('participants removed after classifying', () => {
    it('no longer counts the opinion of a removed investigator, so the work package is unclassified again', async () => {
      await classify('investigator', 1);
      expect((await detail('dpr')).workPackage.status).toBe('classifying');
      await removeFromProject('investigator');
      const after = await detail('dpr');
      expect(after.workPackage).toMatchObject({ status: 'unclassified', tier: null });
      expect(waiting(after)).toEqual([{ kind: 'investigator' }, { kind: 'dpr', userId: person('dpr').id }]);
      expect(await auditOf('work_package.classification_reset')).toEqual([{ from: 'classifying', to: 'unclassified' }]);
      const kept = await world.db.selectFrom('opinions').select(['classifier_id', 'superseded_at']).execute();
      expect(kept).toEqual([{ classifier_id: person('investigator').id, superseded_at: null }]);
    });

    it('settles a dispute when the dissenting investigator leaves and another investigator agrees with the DPR', async () => {
      await world.addPerson('investigator2', { projectRole: 'investigator' });
      await classify('investigator', 0);
      await classify('investigator2', 1);
      await classify('dpr', 1);
      expect((await detail('dpr')).workPackage.status).toBe('disputed');
      await removeFromProject('investigator');
      expect((await detail('dpr')).workPackage).toMatchObject({ status: 'classified', tier: 1, resolution: 'agreement' });
    });

    it('settles a dispute when the dissenting referee is removed', async () => {
      await classify('referee', 2);
      await classify('investigator', 1);
      await classify('dpr', 1);
      expect((await detail('dpr')).workPackage.status).toBe('disputed');
      await removeFromProject('referee');
      const after = await detail('dpr');
      expect(after.workPackage).toMatchObject({ status: 'classified', tier: 1, resolution: 'agreement' });
      expect(after.opinions?.find((o) => o.role === 'referee')).toMatchObject({ tier: 2, current: false });
    });

    // docs/design.md §3.1 keeps investigator and referee apart: an opinion counts only in the role it was given in.
    it('does not count an opinion given as investigator as the referee opinion after a role change', async () => {
      await world.addPerson('investigator2', { projectRole: 'investigator' });
      await classify('investigator', 2);
      await removeFromProject('investigator');
      await addParticipant(world.system, world.projectId, { email: person('investigator').email, role: 'referee' });
      await classify('investigator2', 2);
      await classify('dpr', 2);
      const after = await detail('dpr');
      expect(after.workPackage.status).toBe('classifying');
      expect(waiting(after)).toEqual([{ kind: 'referee' }]);
    });

    it('lets a person whose role changed classify afresh in the new role, keeping the old opinion as history', async () => {
      await world.addPerson('investigator2', { projectRole: 'investigator' });
      await classify('investigator', 2);
      await removeFromProject('investigator');
      await addParticipant(world.system, world.projectId, { email: person('investigator').email, role: 'referee' });
      await classify('investigator2', 2);
      await classify('dpr', 2);
      await classify('investigator', 2);
      const after = await detail('dpr');
      expect(after.workPackage).toMatchObject({ status: 'classified', tier: 2 });
      const theirs = after.opinions?.filter((o) => o.classifierId === person('investigator').id).map((o) => [o.role, o.supersededAt !== null]);
      expect(theirs?.sort()).toEqual([
        ['investigator', true],
        ['referee', false],
      ]);
    });
  });

  describe('resolving a dispute', () => {
    const disputeAt = async () => {
      await classify('investigator', 0);
      await classify('dpr', 1);
      return (await detail('investigator')).workPackage.version;
    };

    it('ends the dispute when a classifier revises their opinion to agree', async () => {
      await disputeAt();
      const own = (await detail('investigator')).myOpinion;
      await submitOpinion(person('investigator').ctx, world.wp.report, { path: pathFor(1), revisesOpinionId: own?.id });
      const done = await detail('investigator');
      expect(done.workPackage).toMatchObject({ status: 'classified', tier: 1, resolution: 'agreement' });
      const history = done.opinions?.filter((o) => o.role === 'investigator');
      expect(history?.map((o) => [o.tier, o.supersededAt === null, o.current]).sort()).toEqual([
        [0, false, false],
        [1, true, true],
      ]);
      expect(await auditOf('opinion.revised')).toEqual([{ role: 'investigator', round: 1, opinionId: done.myOpinion?.id }]);
    });

    it('applies the highest tier only after a discussion that records the cause', async () => {
      const version = await disputeAt();
      const resolve = () => resolveDisputeByHighestTier(person('dpr').ctx, world.wp.report, { version });
      let before = await snapshotCounts(world.db);
      await expect(resolve()).rejects.toMatchObject({ code: 'classification.discussion_required' });
      expect(await snapshotCounts(world.db)).toEqual(before);
      await discussDispute(person('investigator').ctx, world.wp.report, { message: 'I read the extract as public data.' });
      before = await snapshotCounts(world.db);
      await expect(resolve()).rejects.toMatchObject({ code: 'classification.discussion_required' });
      expect(await snapshotCounts(world.db)).toEqual(before);
      await discussDispute(person('dpr').ctx, world.wp.report, { message: 'It is licensed to us only.', cause: 'Different reading of the licence' });
      await resolve();
      const done = await detail('researcher');
      expect(done.workPackage).toMatchObject({ status: 'classified', tier: 1, resolution: 'highest_tier', version: version + 1, policyVersion: 1 });
      expect(done.discussion.map((d) => [d.authorName, d.cause, d.round]).sort()).toEqual([
        ['dpr', 'Different reading of the licence', 1],
        ['investigator', null, 1],
      ]);
      expect(await auditOf('work_package.dispute_resolved')).toEqual([{ from: 'disputed', to: 'classified', tier: 1, policyVersion: 1, tiersProposed: [0, 1] }]);
    });
  });

  describe('reopening', () => {
    const classifiedAt = async (tier: number) => {
      await classify('investigator', tier);
      await classify('dpr', tier);
      return (await detail('investigator')).workPackage.version;
    };

    it('refuses a reason shorter than ten characters and changes nothing', async () => {
      const version = await classifiedAt(1);
      const before = await snapshotCounts(world.db);
      await expect(reopenClassification(person('investigator').ctx, world.wp.report, { reason: 'too late', version })).rejects.toMatchObject({ code: 'validation.invalid_input' });
      await expect(reopenClassification(person('investigator').ctx, world.wp.report, { version })).rejects.toMatchObject({ code: 'validation.invalid_input' });
      expect(await snapshotCounts(world.db)).toEqual(before);
      expect((await detail('investigator')).workPackage).toMatchObject({ status: 'classified', tier: 1, round: 1 });
    });

    it('starts round 2 with no tier and keeps every earlier opinion', async () => {
      const version = await classifiedAt(1);
      await reopenClassification(person('dpr').ctx, world.wp.report, { reason: REASON, version });
      const reopened = await detail('investigator');
      expect(reopened.workPackage).toMatchObject({ status: 'unclassified', tier: null, round: 2, resolution: null, classifiedAt: null, policyVersion: null, version: version + 1 });
      expect(reopened.policy).toBeNull();
      expect(reopened.reopenings).toEqual([{ round: 2, reason: REASON, byName: 'dpr', at: '2026-11-27T09:00:00.000Z', previousTier: 1 }]);
      // Blind again for round 2: nobody has given a round-2 opinion yet.
      expect(reopened.opinions).toBeNull();
      expect(reopened.myOpinion).toBeNull();
      const stored = await world.db.selectFrom('opinions').select(['round', 'tier', 'superseded_at']).execute();
      expect(stored.map((o) => [Number(o.round), Number(o.tier), o.superseded_at])).toEqual([
        [1, 1, null],
        [1, 1, null],
      ]);
      expect(await auditOf('work_package.reopened')).toEqual([{ from: 'classified', to: 'unclassified', previousTier: 1, round: 2, reason: REASON }]);
    });

    it('lets the same classifiers classify again after a reopen', async () => {
      const version = await classifiedAt(1);
      await reopenClassification(person('investigator').ctx, world.wp.report, { reason: REASON, version });
      await classify('investigator', 2);
      await classify('dpr', 2);
      await classify('referee', 2);
      const again = await detail('investigator');
      expect(again.workPackage).toMatchObject({ status: 'classified', tier: 2, round: 2, resolution: 'agreement' });
      expect(again.opinions?.map((o) => [o.round, o.role, o.tier, o.current]).sort()).toEqual([
        [1, 'data_provider_representative', 1, false],
        [1, 'investigator', 1, false],
        [2, 'data_provider_representative', 2, true],
        [2, 'investigator', 2, true],
        [2, 'referee', 2, true],
      ]);
    });
  });

  describe('blindness', () => {
    it('hides other opinions and the highest tier from a classifier until they submit their own', async () => {
      await classify('investigator', 3);
      const blind = await detail('dpr');
      expect(blind).toMatchObject({ opinions: null, highestTier: null, myOpinion: null });
      expect(blind.classifiers.find((c) => c.role === 'investigator')).toMatchObject({ submitted: true });
      await classify('dpr', 1);
      const seeing = await detail('dpr');
      expect(seeing.highestTier).toBe(3);
      expect(seeing.myOpinion).toMatchObject({ tier: 1, role: 'data_provider_representative', round: 1, path: pathFor(1) });
      expect(seeing.opinions?.map((o) => o.tier).sort()).toEqual([1, 3]);
    });

    it('writes no tier into the audit events of submitted opinions', async () => {
      await classify('investigator', 3);
      await classify('dpr', 4);
      const rows = await world.db.selectFrom('audit_events').select(['action', 'summary']).where('object_id', '=', world.wp.report).orderBy('seq').execute();
      expect(rows.map((r) => r.action)).toEqual(['work_package.created', 'opinion.submitted', 'work_package.classification_started', 'opinion.submitted']);
      const opinionIds = (await world.db.selectFrom('opinions').select(['id', 'classifier_id']).execute()).map((o) => o.id);
      const submitted = rows.filter((r) => r.action === 'opinion.submitted').map((r) => JSON.parse(r.summary));
      expect(submitted).toEqual([
        { role: 'investigator', round: 1, opinionId: expect.any(String) },
        { role: 'data_provider_representative', round: 1, opinionId: expect.any(String) },
      ]);
      expect(submitted.map((s) => s.opinionId).sort()).toEqual(opinionIds.sort());
      for (const r of rows) expect(r.summary).not.toMatch(/tier/i);
    });

    // Whether a referee is needed follows from a DPR's tier (≥ 2, or ≥ 3 for approvals), so a
    // classifier who has not submitted must not learn it (docs/design.md §3.3).
    it('does not reveal through the referee requirement that the DPR chose tier 2 or higher', async () => {
      await classify('dpr', 3);
      const blind = await detail('investigator');
      expect(blind).toMatchObject({ opinions: null, highestTier: null, refereeRequired: null, refereeApprovalRequired: null });
      expect(waiting(blind)).toEqual([{ kind: 'investigator' }]);
      expect(blind.classifiers.map((c) => [c.role, c.required]).sort()).toEqual([
        ['data_provider_representative', true],
        ['investigator', true],
        ['referee', null],
      ]);
      await classify('investigator', 3);
      const seeing = await detail('investigator');
      expect(seeing).toMatchObject({ refereeRequired: true, refereeApprovalRequired: true });
      expect(waiting(seeing)).toEqual([{ kind: 'referee' }]);
    });
  });
});
