/**
 * The decision routes of a work package — referee approvals, dispute discussion, applying the
 * highest tier and reopening — through the API, on every dialect.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { type TestApp, expectError, startTestApp } from '../app.testing';

describe.each(TEST_DIALECTS)('work package decision routes on %s', (dialect) => {
  let t: TestApp;
  let wpUrl: string;
  beforeEach(async () => {
    t = await startTestApp(dialect);
    wpUrl = `/api/v1/work-packages/${t.world.wp.report}`;
  });
  afterEach(async () => t.close());

  const opine = async (key: string, tier: number) => {
    const res = await t.as(key).post(`${wpUrl}/opinions`, { path: pathFor(tier) });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const detail = async (key = 'investigator') => (await t.as(key).get(wpUrl)).json();
  const dispute = async () => {
    await opine('investigator', 1);
    return opine('dpr', 0);
  };

  it.each([
    ['referee-approvals', { refereeUserId: 'someone' }],
    ['discussion', { message: 'Hello' }],
    ['resolve', { version: 1 }],
    ['reopen', { reason: 'The outputs changed after classification.', version: 1 }],
  ])('answers POST /%s from an outsider or on an unknown id with work_package.not_found, changing nothing', async (action, body) => {
    await t.signInAll('outsider', 'investigator');
    const before = await t.counts();
    expectError(await t.as('outsider').post(`${wpUrl}/${action}`, body), 404, 'work_package.not_found');
    expectError(await t.as('investigator').post(`/api/v1/work-packages/no-such-wp/${action}`, body), 404, 'work_package.not_found');
    expect(await t.counts()).toEqual(before);
  });

  describe('POST /work-packages/:workPackageId/referee-approvals', () => {
    it('counts the referee only once the DPR approves them when the DPR says tier 3', async () => {
      await opine('investigator', 3);
      await opine('dpr', 3);
      const waiting = await opine('referee', 3);
      expect(waiting.workPackage.status).toBe('classifying');
      expect(waiting.refereeApprovalRequired).toBe(true);
      expect(waiting.waitingFor).toEqual([expect.objectContaining({ kind: 'referee_approval', refereeId: t.world.users.referee?.id })]);

      const res = await t.as('dpr').post(`${wpUrl}/referee-approvals`, { refereeUserId: t.world.users.referee?.id });
      expect(res.statusCode).toBe(201);
      expect(res.json().workPackage).toMatchObject({ status: 'classified', tier: 3 });
      expect(res.json().classifiers.find((c: { role: string }) => c.role === 'referee').approvedBy).toEqual([t.world.users.dpr?.id]);
    });

    it('treats a second approval of the same referee as already done', async () => {
      await t.as('dpr').post(`${wpUrl}/referee-approvals`, { refereeUserId: t.world.users.referee?.id });
      const before = await t.counts();
      expect((await t.as('dpr').post(`${wpUrl}/referee-approvals`, { refereeUserId: t.world.users.referee?.id })).statusCode).toBe(201);
      expect(await t.counts()).toEqual(before);
    });

    it('refuses an investigator with auth.forbidden and a person who is not a referee with classification.not_a_referee', async () => {
      await t.signInAll('investigator', 'dpr');
      const before = await t.counts();
      expectError(await t.as('investigator').post(`${wpUrl}/referee-approvals`, { refereeUserId: t.world.users.referee?.id }), 403, 'auth.forbidden');
      expectError(await t.as('dpr').post(`${wpUrl}/referee-approvals`, { refereeUserId: t.world.users.researcher?.id }), 422, 'classification.not_a_referee');
      expectError(await t.as('dpr').post(`${wpUrl}/referee-approvals`, { referee: t.world.users.referee?.id }), 422, 'validation.invalid_input');
      expect(await t.counts()).toEqual(before);
    });
  });

  describe('disputes: POST /discussion and /resolve', () => {
    it('puts a work package in dispute when the required opinions differ, and shows everyone’s opinions to those who gave one', async () => {
      const body = await dispute();
      expect(body.workPackage).toMatchObject({ status: 'disputed', tier: null });
      expect(body.highestTier).toBe(1);
      expect(body.abilities).toMatchObject({ discuss: true, resolveDispute: false, revise: true });
      expect((await detail('researcher')).opinions).toBeNull();
    });

    it('refuses to apply the highest tier before the discussion records a cause, and changes nothing', async () => {
      await dispute();
      const discussed = await t.as('dpr').post(`${wpUrl}/discussion`, { message: 'We read question 3 differently.' });
      expect(discussed.statusCode).toBe(201);
      expect(discussed.json().discussion).toEqual([expect.objectContaining({ message: 'We read question 3 differently.', cause: null, authorName: 'dpr', round: 1 })]);
      const { version } = (await detail()).workPackage;
      const before = await t.counts();
      expectError(await t.as('investigator').post(`${wpUrl}/resolve`, { version }), 409, 'classification.discussion_required');
      expect(await t.counts()).toEqual(before);
    });

    it('applies the highest tier proposed once the cause is recorded', async () => {
      await dispute();
      await t.as('investigator').post(`${wpUrl}/discussion`, { message: 'Competitive advantage matters here.', cause: 'We disagree on question open_publication.' });
      const { version } = (await detail()).workPackage;
      const res = await t.as('dpr').post(`${wpUrl}/resolve`, { version });
      expect(res.statusCode).toBe(200);
      expect(res.json().workPackage).toMatchObject({ status: 'classified', tier: 1, resolution: 'highest_tier', version: version + 1 });
      expect(res.json().policy).toMatchObject({ tier: 1 });
    });

    it('refuses to resolve with a stale version with conflict.stale_version and changes nothing', async () => {
      await dispute();
      await t.as('investigator').post(`${wpUrl}/discussion`, { message: 'Noted.', cause: 'Different reading of question 4.' });
      const { version } = (await detail()).workPackage;
      const before = await t.counts();
      expectError(await t.as('investigator').post(`${wpUrl}/resolve`, { version: version - 1 }), 409, 'conflict.stale_version');
      expect(await t.counts()).toEqual(before);
      expect((await detail()).workPackage.status).toBe('disputed');
    });

    it('refuses discussion from a researcher and discussion of an undisputed work package, storing nothing', async () => {
      await opine('investigator', 1);
      await t.signInAll('researcher');
      const before = await t.counts();
      expectError(await t.as('researcher').post(`${wpUrl}/discussion`, { message: 'Hello' }), 403, 'classification.not_a_classifier');
      expectError(await t.as('investigator').post(`${wpUrl}/discussion`, { message: 'Hello' }), 409, 'work_package.not_disputed');
      expectError(await t.as('investigator').post(`${wpUrl}/resolve`, { version: 2 }), 409, 'work_package.not_disputed');
      expectError(await t.as('investigator').post(`${wpUrl}/discussion`, { message: '   ' }), 422, 'validation.invalid_input');
      expect(await t.counts()).toEqual(before);
    });

    // Dropping the dataset of a disputed work package would stop its DPR being required and end
    // the dispute by "agreement" at a lower tier, without discussion or the highest-tier rule.
    it('refuses to change the datasets of a disputed work package, so a dispute cannot be dropped', async () => {
      await opine('investigator', 0);
      expect((await opine('dpr', 1)).workPackage.status).toBe('disputed');
      const { version } = (await detail()).workPackage;
      const before = await t.counts();
      const res = await t.as('investigator').put(`${wpUrl}/datasets`, { datasetIds: [], version });
      expect(await t.counts()).toEqual(before);
      expectError(res, 409, 'work_package.disputed');
    });

    it('settles a dispute by agreement when a classifier revises to the other tier', async () => {
      await opine('investigator', 1);
      const dprOpinion = (await opine('dpr', 0)).myOpinion;
      const res = await t.as('dpr').post(`${wpUrl}/opinions`, { path: pathFor(1), revisesOpinionId: dprOpinion.id });
      expect(res.json().workPackage).toMatchObject({ status: 'classified', tier: 1, resolution: 'agreement' });
    });
  });

  describe('POST /work-packages/:workPackageId/reopen', () => {
    const classify = async () => {
      await opine('investigator', 1);
      await opine('dpr', 1);
      return (await detail()).workPackage.version as number;
    };

    it('reopens a classified work package with a reason, starting a new round and keeping history', async () => {
      const version = await classify();
      const res = await t.as('dpr').post(`${wpUrl}/reopen`, { reason: 'New linkage data arrived in the environment.', version });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.workPackage).toMatchObject({ status: 'unclassified', tier: null, round: 2, resolution: null, classifiedAt: null, policyVersion: null });
      expect(body.reopenings).toEqual([expect.objectContaining({ round: 2, previousTier: 1, byName: 'dpr', reason: 'New linkage data arrived in the environment.' })]);
      expect(body.myOpinion).toBeNull();
      expect(body.abilities.classify).toBe(true);
      const opinionRows = await t.database.db.selectFrom('opinions').select('id').where('work_package_id', '=', t.world.wp.report).execute();
      expect(opinionRows).toHaveLength(2);
      expect((await opine('investigator', 2)).workPackage).toMatchObject({ status: 'classifying', round: 2 });
    });

    it('refuses a stale version with conflict.stale_version and records no reopening', async () => {
      const version = await classify();
      const before = await t.counts();
      expectError(await t.as('investigator').post(`${wpUrl}/reopen`, { reason: 'Somebody else got here first.', version: version - 1 }), 409, 'conflict.stale_version');
      expect(await t.counts()).toEqual(before);
      expect((await detail()).workPackage.status).toBe('classified');
    });

    it('refuses a researcher, a short reason and an unclassified work package, changing nothing', async () => {
      await t.signInAll('researcher', 'investigator');
      const before = await t.counts();
      expectError(await t.as('investigator').post(`${wpUrl}/reopen`, { reason: 'Not classified yet, though.', version: 1 }), 409, 'work_package.not_classified');
      const version = await classify();
      const mid = await t.counts();
      expect(mid.work_packages).toBe(before.work_packages);
      expectError(await t.as('researcher').post(`${wpUrl}/reopen`, { reason: 'I would like another go.', version }), 403, 'auth.forbidden');
      expectError(await t.as('investigator').post(`${wpUrl}/reopen`, { reason: 'short', version }), 422, 'validation.invalid_input');
      expectError(await t.as('investigator').post(`${wpUrl}/reopen`, { reason: 'A perfectly long reason.', version: '2' }), 422, 'validation.invalid_input');
      expect(await t.counts()).toEqual(mid);
    });
  });
});
