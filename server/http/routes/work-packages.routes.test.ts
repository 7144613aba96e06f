/** A work package's detail, opinions (blind), agreement and dataset changes through the API, on every dialect. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WORK_PACKAGE_ACTIONS } from '../../policies/work-package.policy';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const DETAIL_KEYS = [
  'abilities',
  'classifiers',
  'confirmationsNeeded',
  'discussion',
  'findingsInView',
  'highestTier',
  'myOpinion',
  'myRole',
  'opinions',
  'policy',
  'projectName',
  'refereeApprovalRequired',
  'refereeRequired',
  'reopenings',
  'waitingFor',
  'workPackage',
];

describe.each(TEST_DIALECTS)('work package routes on %s', (dialect) => {
  let t: TestApp;
  let wpUrl: string;
  const open = async () => {
    t = await startTestApp(dialect);
    wpUrl = `/api/v1/work-packages/${t.world.wp.report}`;
  };

  const opine = (key: string, tier: number, url = wpUrl) => t.as(key).post(`${url}/opinions`, { path: pathFor(tier) });

  describe('reads and refusals, sharing one world', () => {
    beforeAll(open);
    afterAll(async () => t.close());

    describe('GET /work-packages/:workPackageId', () => {
      it('shows a participant the work package with its classifiers, waiting list and abilities', async () => {
        const res = await t.as('researcher').get(wpUrl);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(Object.keys(body).sort()).toEqual(DETAIL_KEYS);
        expect(body.workPackage).toMatchObject({ id: t.world.wp.report, kind: 'egress_report', status: 'unclassified', tier: null, round: 1, datasetIds: [t.world.datasetId] });
        expect(body.myRole).toBe('researcher');
        expect(body.classifiers.map((c: { role: string }) => c.role).sort()).toEqual(['data_provider_representative', 'investigator', 'referee']);
        expect(body.waitingFor.map((w: { kind: string }) => w.kind)).toEqual(['investigator', 'dpr']);
        expect(Object.keys(body.abilities).sort()).toEqual([...WORK_PACKAGE_ACTIONS].sort());
        expect(body.abilities).toMatchObject({ view: true, classify: false, editDatasets: false });
        expect(body.opinions).toBeNull();
      });

      it('answers an outsider and an unknown id with work_package.not_found', async () => {
        expectError(await t.as('outsider').get(wpUrl), 404, 'work_package.not_found');
        expectError(await t.as('investigator').get('/api/v1/work-packages/no-such-wp'), 404, 'work_package.not_found');
      });

      it('refuses an anonymous caller as unauthenticated', async () => {
        expectError(await t.anonymous.get(wpUrl), 401, 'auth.unauthenticated');
      });
    });

    describe('POST /work-packages/:workPackageId/opinions', () => {
      it('refuses a researcher with classification.not_a_classifier and stores nothing', async () => {
        await t.signInAll('researcher');
        const before = await t.counts();
        expectError(await opine('researcher', 1), 403, 'classification.not_a_classifier');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses a path that skips a question with classification.invalid_path and stores nothing', async () => {
        await t.signInAll('investigator');
        const path = pathFor(2);
        const skipping = [path[0], ...path.slice(2)];
        const before = await t.counts();
        expectError(await t.as('investigator').post(`${wpUrl}/opinions`, { path: skipping }), 422, 'classification.invalid_path');
        expectError(await t.as('investigator').post(`${wpUrl}/opinions`, { path: path.slice(0, -1) }), 422, 'classification.invalid_path');
        expect(await t.counts()).toEqual(before);
      });

      it.each([
        ['no path', {}],
        ['an empty path', { path: [] }],
        ['a step without an answer', { path: [{ question: 'open_generate_new', version: 1 }] }],
        ['an answer given as text', { path: [{ question: 'open_generate_new', version: 1, answer: 'yes' }] }],
        ['a tier posted by the client', { path: pathFor(0), tier: 0 }],
      ])('refuses an opinion with %s as invalid input and stores nothing', async (_label, payload) => {
        await t.signInAll('investigator');
        const before = await t.counts();
        expectError(await t.as('investigator').post(`${wpUrl}/opinions`, payload), 422, 'validation.invalid_input');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an opinion without the CSRF token and stores nothing', async () => {
        await t.signInAll('investigator');
        const before = await t.counts();
        expectError(await t.as('investigator').post(`${wpUrl}/opinions`, { path: pathFor(1) }, { csrf: null }), 403, 'auth.csrf_invalid');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses a revision without an earlier opinion with classification.no_opinion', async () => {
        expectError(await t.as('dpr').post(`${wpUrl}/opinions`, { path: pathFor(0), revisesOpinionId: 'whatever' }), 409, 'classification.no_opinion');
      });
    });

    describe('PUT /work-packages/:workPackageId/datasets', () => {
      it('refuses a stale version with conflict.stale_version and changes nothing', async () => {
        await t.signInAll('investigator');
        const before = await t.counts();
        expectError(await t.as('investigator').put(`${wpUrl}/datasets`, { datasetIds: [], version: 7 }), 409, 'conflict.stale_version');
        expect(await t.counts()).toEqual(before);
        expect((await t.as('investigator').get(wpUrl)).json().workPackage.datasetIds).toEqual([t.world.datasetId]);
      });

      it('refuses a researcher, a foreign dataset and a missing version, changing nothing', async () => {
        await t.signInAll('researcher', 'pm');
        const before = await t.counts();
        expectError(await t.as('researcher').put(`${wpUrl}/datasets`, { datasetIds: [], version: 1 }), 403, 'auth.forbidden');
        expectError(await t.as('pm').put(`${wpUrl}/datasets`, { datasetIds: ['elsewhere'], version: 1 }), 422, 'work_package.dataset_not_in_project');
        expectError(await t.as('pm').put(`${wpUrl}/datasets`, { datasetIds: [] }), 422, 'validation.invalid_input');
        expect(await t.counts()).toEqual(before);
      });

      it('answers an outsider and an unknown id with 404 and changes nothing', async () => {
        await t.signInAll('outsider', 'pm');
        const before = await t.counts();
        expect((await t.as('outsider').put(`${wpUrl}/datasets`, { datasetIds: [], version: 1 })).statusCode).toBe(404);
        expectError(await t.as('pm').put('/api/v1/work-packages/nope/datasets', { datasetIds: [], version: 1 }), 404, 'work_package.not_found');
        expect(await t.counts()).toEqual(before);
      });

      // Otherwise an outsider could tell which work package ids exist.
      it('answers an outsider acting on a work package exactly as it answers an unknown id', async () => {
        const outsider = await t.as('outsider').post(`${wpUrl}/opinions`, { path: pathFor(1) });
        const unknown = await t.as('outsider').post('/api/v1/work-packages/nope/opinions', { path: pathFor(1) });
        expect([outsider.statusCode, outsider.json().error.code]).toEqual([unknown.statusCode, unknown.json().error.code]);
      });
    });
  });

  describe('changes, each in a fresh world', () => {
    beforeEach(open);
    afterEach(async () => t.close());

    describe('POST /work-packages/:workPackageId/opinions', () => {
      it('classifies a work package through the API when the investigator and the DPR give the same answers', async () => {
        const first = await opine('investigator', 1);
        expect(first.statusCode).toBe(201);
        expect(first.json().workPackage.status).toBe('classifying');
        expect(first.json().myOpinion).toMatchObject({ tier: 1, role: 'investigator', round: 1, path: pathFor(1), supersededAt: null });
        const second = await opine('dpr', 1);
        expect(second.statusCode).toBe(201);

        const body = (await t.as('researcher').get(wpUrl)).json();
        expect(body.workPackage).toMatchObject({ status: 'classified', tier: 1, resolution: 'agreement', policyVersion: 1 });
        expect(body.workPackage.classifiedAt).toBe(t.world.clock.now().toISOString());
        expect(body.policy).toMatchObject({ tier: 1, egressAllowed: true, linkLifetimeHours: 72 });
        expect(body.opinions.map((o: { tier: number }) => o.tier)).toEqual([1, 1]);
        expect(body.waitingFor).toEqual([]);
        expect(body.abilities).toMatchObject({ classify: false, reopen: false });
      });

      it('keeps opinions blind: before the DPR submits, the DPR sees no opinions and no highest tier', async () => {
        await opine('investigator', 3);
        const dprView = (await t.as('dpr').get(wpUrl)).json();
        expect(dprView.opinions).toBeNull();
        expect(dprView.highestTier).toBeNull();
        expect(dprView.myOpinion).toBeNull();
        expect(dprView.classifiers.find((c: { role: string }) => c.role === 'investigator').submitted).toBe(true);
        expect(JSON.stringify(dprView)).not.toContain('"tier":3');
        const investigatorView = (await t.as('investigator').get(wpUrl)).json();
        expect(investigatorView.opinions).toHaveLength(1);
        expect(investigatorView.highestTier).toBe(3);
      });

      // Whether a referee is required (and must be approved) follows from the DPR's tier, so a
      // classifier who has not submitted must not see it.
      it('tells a classifier who has not submitted nothing about the tier the DPR chose', async () => {
        await opine('dpr', 3, `/api/v1/work-packages/${t.world.wp.handover}`);
        await opine('dpr', 0);
        const blindFacts = async (id: string) => {
          const d = (await t.as('investigator').get(`/api/v1/work-packages/${id}`)).json();
          return {
            refereeRequired: d.refereeRequired,
            refereeApprovalRequired: d.refereeApprovalRequired,
            waitingFor: d.waitingFor.map((w: { kind: string; description: string }) => [w.kind, w.description]),
            classifiers: d.classifiers.map((c: { role: string; required: boolean; submitted: boolean }) => [c.role, c.required, c.submitted]),
          };
        };
        expect(await blindFacts(t.world.wp.handover)).toEqual(await blindFacts(t.world.wp.report));
      });

      // Commands lock the work package before reading its state, so on PostgreSQL simultaneous
      // submissions run one after the other (SQLite has one writer anyway).
      it('answers simultaneous opinions from one classifier with one 201 and otherwise opinion_exists', async () => {
        await t.signInAll('investigator');
        const outcomes: string[] = [];
        for (const id of [t.world.wp.report, t.world.wp.handover, t.world.wp.ingress]) {
          const url = `/api/v1/work-packages/${id}`;
          const all = await Promise.all([1, 2, 3, 4, 5].map(() => opine('investigator', 1, url)));
          outcomes.push(
            all
              .map((r) => `${r.statusCode} ${r.json().error?.code ?? ''}`.trim())
              .sort()
              .join(', '),
          );
        }
        const expected = ['201', ...Array(4).fill('409 classification.opinion_exists')].join(', ');
        expect(outcomes).toEqual([expected, expected, expected]);
      });

      it('keeps the tier of an opinion out of the project audit trail while classification is blind', async () => {
        await opine('investigator', 3);
        const audit = (await t.as('dpr').get(`/api/v1/projects/${t.world.projectId}/audit`)).json();
        const submitted = audit.events.find((e: { action: string }) => e.action === 'opinion.submitted');
        expect(submitted.summary).toMatchObject({ role: 'investigator', round: 1 });
        expect(Object.keys(submitted.summary)).not.toEqual(expect.arrayContaining(['tier']));
        expect(Object.keys(submitted.summary)).not.toEqual(expect.arrayContaining(['path']));
        expect(JSON.stringify(audit.events)).not.toContain('"tier":3');
      });

      it('refuses a second opinion from the same classifier with classification.opinion_exists and stores nothing', async () => {
        await opine('investigator', 1);
        const before = await t.counts();
        expectError(await opine('investigator', 2), 409, 'classification.opinion_exists');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an opinion on a classified work package with work_package.classified', async () => {
        await opine('investigator', 1);
        await opine('dpr', 1);
        expectError(await opine('referee', 1), 409, 'work_package.classified');
      });

      it('revises an opinion: the old one is kept as history and the new one counts', async () => {
        const mine = (await opine('investigator', 1)).json().myOpinion;
        const res = await t.as('investigator').post(`${wpUrl}/opinions`, { path: pathFor(0), revisesOpinionId: mine.id });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(body.myOpinion).toMatchObject({ tier: 0, supersededAt: null });
        expect(body.opinions.map((o: { tier: number; supersededAt: string | null }) => [o.tier, o.supersededAt !== null]).sort()).toEqual([
          [0, false],
          [1, true],
        ]);
      });

      it('refuses a revision naming an opinion that is no longer current with conflict.stale_version', async () => {
        const first = (await opine('investigator', 1)).json().myOpinion;
        await t.as('investigator').post(`${wpUrl}/opinions`, { path: pathFor(2), revisesOpinionId: first.id });
        const before = await t.counts();
        expectError(await t.as('investigator').post(`${wpUrl}/opinions`, { path: pathFor(0), revisesOpinionId: first.id }), 409, 'conflict.stale_version');
        expect(await t.counts()).toEqual(before);
      });

      // The superseded opinion must be the caller's current one on this work package and round.
      it('refuses a revision that names the caller’s opinion on another work package with conflict.stale_version', async () => {
        await opine('investigator', 1);
        const other = (await opine('investigator', 1, `/api/v1/work-packages/${t.world.wp.handover}`)).json().myOpinion;
        const before = await t.counts();
        const res = await t.as('investigator').post(`${wpUrl}/opinions`, { path: pathFor(0), revisesOpinionId: other.id });
        expect(await t.counts()).toEqual(before);
        expectError(res, 409, 'conflict.stale_version');
      });
    });

    describe('PUT /work-packages/:workPackageId/datasets', () => {
      it('lets an investigator change the datasets, which changes the required classifiers', async () => {
        const res = await t.as('investigator').put(`${wpUrl}/datasets`, { datasetIds: [], version: 1 });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.workPackage).toMatchObject({ datasetIds: [], version: 2 });
        expect(body.classifiers.map((c: { role: string }) => c.role).sort()).toEqual(['investigator', 'referee']);
      });

      it('refuses to change the datasets of a classified work package with work_package.classified', async () => {
        await opine('investigator', 0);
        await opine('dpr', 0);
        const version = (await t.as('investigator').get(wpUrl)).json().workPackage.version;
        expectError(await t.as('investigator').put(`${wpUrl}/datasets`, { datasetIds: [], version }), 409, 'work_package.classified');
      });
    });
  });
});
