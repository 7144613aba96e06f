/**
 * Classification commands refusing bad input, the wrong person, the wrong state or a stale
 * version — each with its stable code and without changing anything — and two people acting
 * on the same work package at once. Runs on SQLite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { personIn, worldScopes } from '../testing/world-lifecycle';
import { waitForLockWaiters } from '../testing/locks';
import type { PathStep } from '../../common/contracts/question-sets.contract';
import type { Db } from '../db/schema';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { approveReferee, discussDispute, reopenClassification, resolveDisputeByHighestTier, submitOpinion } from './classification.commands';
import { addDataset } from './projects.commands';
import { getWorkPackageDetail } from './work-packages.queries';

const REASON = 'The handover now includes the linked extract';

/** Row counts plus the mutable fields of work packages and opinions: what a refusal must not touch. */
async function fingerprint(db: Db) {
  return {
    counts: await snapshotCounts(db),
    workPackages: await db.selectFrom('work_packages').select(['id', 'status', 'tier', 'round', 'version']).orderBy('id').execute(),
    opinions: await db.selectFrom('opinions').select(['id', 'superseded_at']).orderBy('id').execute(),
  };
}

const step = (question: string, answer: boolean, version = 1): PathStep => ({ question, version, answer });

describe.each(TEST_DIALECTS)('classification refusals on %s', (dialect) => {
  let world: World;
  const { freshWorldPerTest, sharedWorld } = worldScopes(dialect, (w) => {
    world = w;
  });

  const person = (key: string) => personIn(world, key);
  const classify = (key: string, tier: number, wp = world.wp.report) => submitOpinion(person(key).ctx, wp, { path: pathFor(tier) });
  const detail = (key: string, wp = world.wp.report) => getWorkPackageDetail(person(key).ctx, wp);
  const myOpinionId = async (key: string, wp = world.wp.report) => (await detail(key, wp)).myOpinion?.id as string;
  const versionOf = async (wp = world.wp.report) => (await detail('investigator', wp)).workPackage.version;
  const refused = async (action: () => Promise<unknown>, code: string) => {
    const before = await fingerprint(world.db);
    await expect(action()).rejects.toMatchObject({ name: 'DomainError', code });
    expect(await fingerprint(world.db)).toEqual(before);
  };

  describe('opinions and revisions', () => {
    freshWorldPerTest();

    it('refuses a second opinion from the same classifier with classification.opinion_exists', async () => {
      await classify('investigator', 1);
      await refused(() => classify('investigator', 2), 'classification.opinion_exists');
    });

    it('refuses a revision from a classifier who has no opinion yet with classification.no_opinion', async () => {
      await refused(() => submitOpinion(person('dpr').ctx, world.wp.report, { path: pathFor(1), revisesOpinionId: randomUUID() }), 'classification.no_opinion');
    });

    it('refuses a revision of an opinion that was already revised with conflict.stale_version', async () => {
      await classify('investigator', 0);
      const first = await myOpinionId('investigator');
      await submitOpinion(person('investigator').ctx, world.wp.report, { path: pathFor(1), revisesOpinionId: first });
      await refused(() => submitOpinion(person('investigator').ctx, world.wp.report, { path: pathFor(2), revisesOpinionId: first }), 'conflict.stale_version');
    });

    it("refuses a revision that names someone else's opinion with conflict.stale_version", async () => {
      await classify('investigator', 0);
      await classify('dpr', 1);
      const investigators = await myOpinionId('investigator');
      await refused(() => submitOpinion(person('dpr').ctx, world.wp.report, { path: pathFor(0), revisesOpinionId: investigators }), 'conflict.stale_version');
    });

    // Round-1 opinions keep superseded_at = null after a reopen; naming one must not supersede it.
    it('refuses a revision that names the classifier’s own opinion from an earlier round with conflict.stale_version', async () => {
      await classify('investigator', 1);
      await classify('dpr', 1);
      const roundOne = await myOpinionId('investigator');
      await reopenClassification(person('investigator').ctx, world.wp.report, { reason: REASON, version: await versionOf() });
      await classify('investigator', 2);
      await refused(() => submitOpinion(person('investigator').ctx, world.wp.report, { path: pathFor(3), revisesOpinionId: roundOne }), 'conflict.stale_version');
    });

    it('refuses a revision that names the classifier’s own opinion on another work package with conflict.stale_version', async () => {
      await classify('investigator', 1, world.wp.ingress);
      await classify('investigator', 1, world.wp.report);
      const onIngress = await myOpinionId('investigator', world.wp.ingress);
      await refused(() => submitOpinion(person('investigator').ctx, world.wp.report, { path: pathFor(2), revisesOpinionId: onIngress }), 'conflict.stale_version');
    });
  });

  describe('who may classify', () => {
    sharedWorld();

    it.each([
      ['researcher', 'classification.not_a_classifier'],
      ['pm', 'classification.not_a_classifier'],
      ['sysadmin', 'classification.not_a_classifier'],
      ['programme', 'classification.not_a_classifier'],
      ['outsider', 'work_package.not_found'],
    ])('refuses an opinion from the %s with %s', async (key, code) => {
      await refused(() => classify(key, 1), code);
    });

    it('hides the work package from an outsider with work_package.not_found', async () => {
      await expect(detail('outsider')).rejects.toMatchObject({ code: 'work_package.not_found' });
    });
  });

  describe('answer paths', () => {
    sharedWorld();
    const tier1 = pathFor(1);
    const tier3 = pathFor(3);
    it.each<[string, PathStep[]]>([
      ['skips a question', [...tier1.slice(0, 2), ...tier1.slice(3)]],
      ['stops before reaching a tier', tier1.slice(0, -1)],
      ['has an extra step after the tier', [...tier3, step('sophisticated_attack', true)]],
      ['is pinned to a question version the set does not have', [step('open_generate_new', false, 2), ...tier1.slice(1)]],
      ['starts somewhere other than the first question', tier3.slice(1)],
      ['follows the wrong branch after an answer', [step('open_generate_new', false), step('substantial_threat', false)]],
      ['answers a question the set does not have', [step('open_generate_new', true), step('made_up_question', true)]],
    ])('refuses a path that %s with classification.invalid_path', async (_what, path) => {
      await refused(() => submitOpinion(person('investigator').ctx, world.wp.report, { path }), 'classification.invalid_path');
    });

    it('refuses an empty path and a request that states its own tier with validation.invalid_input', async () => {
      await refused(() => submitOpinion(person('investigator').ctx, world.wp.report, { path: [] }), 'validation.invalid_input');
      await refused(() => submitOpinion(person('investigator').ctx, world.wp.report, { path: pathFor(1), tier: 0 }), 'validation.invalid_input');
    });
  });

  describe('state and version', () => {
    freshWorldPerTest();

    it('refuses opinions and revisions on a classified work package with work_package.classified', async () => {
      await classify('investigator', 1);
      await classify('dpr', 1);
      await refused(() => classify('referee', 1), 'work_package.classified');
      const own = await myOpinionId('investigator');
      await refused(() => submitOpinion(person('investigator').ctx, world.wp.report, { path: pathFor(2), revisesOpinionId: own }), 'work_package.classified');
    });

    it('refuses to resolve a dispute with the version seen before it was disputed with conflict.stale_version', async () => {
      await classify('investigator', 0);
      const seenWhileClassifying = await versionOf();
      await classify('dpr', 1);
      await discussDispute(person('dpr').ctx, world.wp.report, { message: 'We disagree.', cause: 'Licence terms read differently' });
      await refused(() => resolveDisputeByHighestTier(person('dpr').ctx, world.wp.report, { version: seenWhileClassifying }), 'conflict.stale_version');
      expect((await detail('dpr')).workPackage.status).toBe('disputed');
    });

    it('refuses to reopen with the version seen before classification with conflict.stale_version', async () => {
      await classify('investigator', 1);
      const seenWhileClassifying = await versionOf();
      await classify('dpr', 1);
      await refused(() => reopenClassification(person('investigator').ctx, world.wp.report, { reason: REASON, version: seenWhileClassifying }), 'conflict.stale_version');
      expect((await detail('dpr')).reopenings).toEqual([]);
    });

    it('refuses to reopen a work package that is not classified, and to resolve or discuss one that is not disputed', async () => {
      await classify('investigator', 1);
      const version = await versionOf();
      await refused(() => reopenClassification(person('investigator').ctx, world.wp.report, { reason: REASON, version }), 'work_package.not_classified');
      await refused(() => resolveDisputeByHighestTier(person('investigator').ctx, world.wp.report, { version }), 'work_package.not_disputed');
      await refused(() => discussDispute(person('investigator').ctx, world.wp.report, { message: 'Why?', cause: 'none' }), 'work_package.not_disputed');
    });
  });

  describe('unknown work packages', () => {
    sharedWorld();

    it.each<[string, (id: string, w: World) => Promise<unknown>]>([
      ['submitting an opinion', (id, w) => submitOpinion(w.users.investigator!.ctx, id, { path: pathFor(1) })],
      ['reading the detail', (id, w) => getWorkPackageDetail(w.users.investigator!.ctx, id)],
      ['approving a referee', (id, w) => approveReferee(w.users.dpr!.ctx, id, { refereeUserId: w.users.referee!.id })],
      ['discussing', (id, w) => discussDispute(w.users.dpr!.ctx, id, { message: 'hello' })],
      ['resolving', (id, w) => resolveDisputeByHighestTier(w.users.dpr!.ctx, id, { version: 1 })],
      ['reopening', (id, w) => reopenClassification(w.users.dpr!.ctx, id, { reason: REASON, version: 1 })],
    ])('refuses %s on an unknown work package with work_package.not_found', async (_what, act) => {
      await refused(() => act(randomUUID(), world), 'work_package.not_found');
    });
  });

  describe('two people acting at once', () => {
    freshWorldPerTest();
    const classifiedVersion = async () => {
      await classify('investigator', 1);
      await classify('dpr', 1);
      return versionOf();
    };
    const reopenAs = (key: string, version: number) => reopenClassification(person(key).ctx, world.wp.report, { reason: `${REASON} (${key})`, version });

    it('lets exactly one of two reopen calls on the same version through', async () => {
      const version = await classifiedVersion();
      const results = await Promise.allSettled([reopenAs('investigator', version), reopenAs('dpr', version)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [loser] = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(loser).toMatchObject({ name: 'DomainError', code: 'conflict.stale_version' });
      const after = await detail('investigator');
      expect(after.workPackage).toMatchObject({ status: 'unclassified', round: 2, version: version + 1 });
      expect(after.reopenings).toHaveLength(1);
    });

    it.runIf(dialect === 'postgres')('refuses the second of two overlapping reopen calls on the same version with conflict.stale_version', async () => {
      const version = await classifiedVersion();
      // Hold the work package row until both calls are waiting for it, so that they truly overlap.
      const { racing } = await world.db.transaction().execute(async (trx) => {
        await sql`select id from work_packages where id = ${world.wp.report} for update`.execute(trx);
        const started = Promise.allSettled([reopenAs('investigator', version), reopenAs('dpr', version)]);
        await waitForLockWaiters(world.db, 2);
        return { racing: started };
      });
      const results = await racing;
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toMatchObject({ code: 'conflict.stale_version' });
      const after = await detail('investigator');
      expect(after.workPackage).toMatchObject({ status: 'unclassified', round: 2, version: version + 1 });
      expect(after.reopenings).toHaveLength(1);
      expect(await world.db.selectFrom('audit_events').select('seq').where('action', '=', 'work_package.reopened').execute()).toHaveLength(1);
    });

    it('counts every opinion when the investigator and two DPRs submit at the same moment', async () => {
      const dpr2 = await world.addPerson('dpr2', { projectRole: 'data_provider_representative' });
      await addDataset(world.system, world.projectId, { name: 'Dataset B', providerName: 'Provider B', representativeUserId: dpr2.id });
      const results = await Promise.allSettled([classify('investigator', 1), classify('dpr', 1), classify('dpr2', 1)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect((await detail('dpr')).workPackage).toMatchObject({ status: 'classified', tier: 1 });
    });
  });
});

/** Waits until `n` sessions of this database are blocked on a lock (PostgreSQL only). */
