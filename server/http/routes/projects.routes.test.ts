/** Projects, participants, datasets, extra work packages and check settings through the API, on every dialect. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ACTIONS } from '../../policies/project.policy';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const PROJECT_KEYS = ['createdAt', 'description', 'environmentTier', 'id', 'myRole', 'name', 'questionSetId', 'questionSetName', 'status', 'version'];
const PARTICIPANT_KEYS = ['addedAt', 'email', 'id', 'name', 'role', 'userId'];

describe.each(TEST_DIALECTS)('project routes on %s', (dialect) => {
  let t: TestApp;
  let projectUrl: string;
  const open = async () => {
    t = await startTestApp(dialect);
    projectUrl = `/api/v1/projects/${t.world.projectId}`;
  };

  const participantIdOf = async (key: string) => {
    const detail = (await t.as('pm').get(projectUrl)).json();
    return detail.participants.find((p: { userId: string }) => p.userId === t.world.users[key]?.id).id as string;
  };

  describe('reads and refusals, sharing one world', () => {
    beforeAll(open);
    afterAll(async () => t.close());

    describe('GET /projects', () => {
      it('lists every project for a programme manager, with their session abilities', async () => {
        const res = await t.as('programme').get('/api/v1/projects');
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.projects).toHaveLength(1);
        expect(Object.keys(body.projects[0]).sort()).toEqual(PROJECT_KEYS);
        expect(body.projects[0]).toMatchObject({ id: t.world.projectId, status: 'active', myRole: null, environmentTier: 3 });
        expect(body.abilities.createProject).toBe(true);
      });

      it('lists a participant their own projects with their role, and an outsider none', async () => {
        const mine = (await t.as('investigator').get('/api/v1/projects')).json();
        expect(mine.projects.map((p: { myRole: string }) => p.myRole)).toEqual(['investigator']);
        expect(mine.abilities.createProject).toBe(false);
        expect((await t.as('outsider').get('/api/v1/projects')).json().projects).toEqual([]);
      });

      it('refuses an anonymous caller as unauthenticated', async () => {
        expectError(await t.anonymous.get('/api/v1/projects'), 401, 'auth.unauthenticated');
      });
    });

    describe('POST /projects', () => {
      it('refuses an investigator with auth.forbidden and creates nothing', async () => {
        await t.signInAll('investigator');
        const before = await t.counts();
        expectError(await t.as('investigator').post('/api/v1/projects', { name: 'Mine', environmentTier: 1 }), 403, 'auth.forbidden');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses a request without a valid CSRF token and creates nothing', async () => {
        await t.signInAll('programme');
        const before = await t.counts();
        expectError(await t.as('programme').post('/api/v1/projects', { name: 'X', environmentTier: 1 }, { csrf: null }), 403, 'auth.csrf_invalid');
        expectError(await t.as('programme').post('/api/v1/projects', { name: 'X', environmentTier: 1 }, { csrf: 'x'.repeat(43) }), 403, 'auth.csrf_invalid');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an anonymous caller as unauthenticated before looking at the body', async () => {
        expectError(await t.anonymous.post('/api/v1/projects', { name: 'X', environmentTier: 1 }), 401, 'auth.unauthenticated');
      });

      it.each([
        ['a missing name', { environmentTier: 1 }],
        ['an empty name', { name: '   ', environmentTier: 1 }],
        ['a tier given as text', { name: 'X', environmentTier: '1' }],
        ['a tier out of range', { name: 'X', environmentTier: 5 }],
        ['an unknown extra field', { name: 'X', environmentTier: 1, owner: 'me' }],
      ])('refuses a project with %s as invalid input and creates nothing', async (_label, payload) => {
        await t.signInAll('programme');
        const before = await t.counts();
        expectError(await t.as('programme').post('/api/v1/projects', payload), 422, 'validation.invalid_input');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an unknown question set as not found', async () => {
        await t.signInAll('programme');
        const before = await t.counts();
        expectError(await t.as('programme').post('/api/v1/projects', { name: 'X', environmentTier: 1, questionSet: 'nope' }), 404, 'question_set.not_found');
        expect(await t.counts()).toEqual(before);
      });
    });

    describe('GET /projects/:projectId', () => {
      it('shows a participant the project, its participants, datasets, work packages and abilities', async () => {
        const res = await t.as('researcher').get(projectUrl);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.project.myRole).toBe('researcher');
        expect(body.participants).toHaveLength(5);
        for (const p of body.participants) expect(Object.keys(p).sort()).toEqual(PARTICIPANT_KEYS);
        expect(body.datasets).toEqual([expect.objectContaining({ id: t.world.datasetId, representativeUserId: t.world.users.dpr?.id })]);
        expect(body.workPackages).toHaveLength(3);
        expect(body.abilities).toEqual({
          view: true,
          manageParticipants: false,
          manageDatasets: false,
          addWorkPackage: false,
          viewAudit: true,
          changeStatus: false,
          manageCheckSettings: false,
          setOutputArea: false,
          manageDestinations: false,
        });
        expect(res.body).not.toMatch(/password/i);
      });

      it('answers an outsider with project.not_found, not forbidden', async () => {
        expectError(await t.as('outsider').get(projectUrl), 404, 'project.not_found');
      });

      it('answers an unknown project id with project.not_found', async () => {
        expectError(await t.as('programme').get('/api/v1/projects/no-such-project'), 404, 'project.not_found');
      });
    });

    describe('POST /projects/:projectId/participants', () => {
      it('refuses a second role for the same person with participant.exists and changes nothing', async () => {
        await t.signInAll('pm');
        const before = await t.counts();
        expectError(await t.as('pm').post(`${projectUrl}/participants`, { email: 'investigator@example.org', role: 'referee' }), 409, 'participant.exists');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses to make a system manager a researcher with participant.role_conflict', async () => {
        await t.signInAll('pm');
        const before = await t.counts();
        expectError(await t.as('pm').post(`${projectUrl}/participants`, { email: 'sysadmin@example.org', role: 'researcher' }), 409, 'participant.role_conflict');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an email without an account with user.not_found', async () => {
        expectError(await t.as('pm').post(`${projectUrl}/participants`, { email: 'ghost@example.org', role: 'referee' }), 404, 'user.not_found');
      });

      it('refuses a researcher with auth.forbidden and an outsider with project.not_found, changing nothing', async () => {
        await t.signInAll('researcher', 'outsider');
        const before = await t.counts();
        const body = { email: 'outsider@example.org', role: 'referee' };
        expectError(await t.as('researcher').post(`${projectUrl}/participants`, body), 403, 'auth.forbidden');
        expectError(await t.as('outsider').post(`${projectUrl}/participants`, body), 404, 'project.not_found');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an unknown role or a missing email as invalid input', async () => {
        expectError(await t.as('pm').post(`${projectUrl}/participants`, { email: 'outsider@example.org', role: 'owner' }), 422, 'validation.invalid_input');
        expectError(await t.as('pm').post(`${projectUrl}/participants`, { role: 'referee' }), 422, 'validation.invalid_input');
      });
    });

    describe('DELETE /projects/:projectId/participants/:participantId', () => {
      it('refuses to remove the representative of a dataset with participant.has_datasets', async () => {
        const id = await participantIdOf('dpr');
        await t.signInAll('pm');
        const before = await t.counts();
        expectError(await t.as('pm').delete(`${projectUrl}/participants/${id}`), 409, 'participant.has_datasets');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an unknown participant id with participant.not_found', async () => {
        expectError(await t.as('pm').delete(`${projectUrl}/participants/no-such-participant`), 404, 'participant.not_found');
      });

      it('refuses an investigator, and a request without CSRF token, changing nothing', async () => {
        const id = await participantIdOf('researcher');
        await t.signInAll('investigator', 'pm');
        const before = await t.counts();
        expectError(await t.as('investigator').delete(`${projectUrl}/participants/${id}`), 403, 'auth.forbidden');
        expectError(await t.as('pm').delete(`${projectUrl}/participants/${id}`, { csrf: null }), 403, 'auth.csrf_invalid');
        expect(await t.counts()).toEqual(before);
      });
    });

    describe('POST /projects/:projectId/datasets', () => {
      it('refuses a representative who is not a DPR of the project with dataset.representative_invalid', async () => {
        await t.signInAll('pm');
        const before = await t.counts();
        const body = { name: 'B', providerName: 'P', representativeUserId: t.world.users.researcher?.id };
        expectError(await t.as('pm').post(`${projectUrl}/datasets`, body), 422, 'dataset.representative_invalid');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an investigator with auth.forbidden and a body without a provider as invalid input', async () => {
        await t.signInAll('investigator', 'pm');
        const before = await t.counts();
        const body = { name: 'B', providerName: 'P', representativeUserId: t.world.users.dpr?.id };
        expectError(await t.as('investigator').post(`${projectUrl}/datasets`, body), 403, 'auth.forbidden');
        expectError(await t.as('pm').post(`${projectUrl}/datasets`, { name: 'B', representativeUserId: t.world.users.dpr?.id }), 422, 'validation.invalid_input');
        expect(await t.counts()).toEqual(before);
      });
    });

    describe('POST /projects/:projectId/work-packages', () => {
      it('refuses a researcher with auth.forbidden and an outsider with project.not_found, creating nothing', async () => {
        await t.signInAll('researcher', 'outsider');
        const before = await t.counts();
        expectError(await t.as('researcher').post(`${projectUrl}/work-packages`, { name: 'X' }), 403, 'auth.forbidden');
        expectError(await t.as('outsider').post(`${projectUrl}/work-packages`, { name: 'X' }), 404, 'project.not_found');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses a dataset of another project with work_package.dataset_not_in_project', async () => {
        await t.signInAll('investigator');
        const before = await t.counts();
        expectError(await t.as('investigator').post(`${projectUrl}/work-packages`, { name: 'X', datasetIds: ['elsewhere'] }), 422, 'work_package.dataset_not_in_project');
        expectError(await t.as('investigator').post(`${projectUrl}/work-packages`, { name: 'X', datasetIds: 'all' }), 422, 'validation.invalid_input');
        expect(await t.counts()).toEqual(before);
      });
    });
  });

  describe('changes, each in a fresh world', () => {
    beforeEach(open);
    afterEach(async () => t.close());

    describe('POST /projects', () => {
      it('creates a project with its three default work packages for a programme manager', async () => {
        const res = await t.as('programme').post('/api/v1/projects', { name: '  Cohort study ', environmentTier: 2 });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(Object.keys(body).sort()).toEqual(['abilities', 'datasets', 'participants', 'project', 'workPackages']);
        expect(body.project).toMatchObject({ name: 'Cohort study', description: '', environmentTier: 2, status: 'active', version: 1 });
        expect(body.project.questionSetName).toMatch(/^turing v\d+$/);
        expect(body.workPackages.map((w: { kind: string }) => w.kind).sort()).toEqual(['egress_handover', 'egress_report', 'ingress']);
        expect(body.workPackages.every((w: { status: string; tier: null }) => w.status === 'unclassified' && w.tier === null)).toBe(true);
        expect(Object.keys(body.abilities).sort()).toEqual([...PROJECT_ACTIONS].sort());
      });
    });

    describe('POST /projects/:projectId/participants', () => {
      it('lets the project manager add a person with one role', async () => {
        await t.world.addPerson('newcomer');
        const res = await t.as('pm').post(`${projectUrl}/participants`, { email: 'NEWCOMER@example.org', role: 'researcher' });
        expect(res.statusCode).toBe(201);
        const added = res.json().participants.find((p: { email: string }) => p.email === 'newcomer@example.org');
        expect(added).toMatchObject({ role: 'researcher', name: 'newcomer' });
      });
    });

    describe('DELETE /projects/:projectId/participants/:participantId', () => {
      it('lets the project manager remove a participant, who then no longer sees the project', async () => {
        await t.signIn('researcher');
        const res = await t.as('pm').delete(`${projectUrl}/participants/${await participantIdOf('researcher')}`);
        expect(res.statusCode).toBe(200);
        expect(res.json().participants.map((p: { role: string }) => p.role)).not.toContain('researcher');
        expectError(await t.as('researcher').get(projectUrl), 404, 'project.not_found');
      });
    });

    describe('POST /projects/:projectId/datasets', () => {
      it('lets the project manager add a dataset, which joins every unclassified work package', async () => {
        const res = await t.as('pm').post(`${projectUrl}/datasets`, { name: 'Dataset B', providerName: 'Provider B', representativeUserId: t.world.users.dpr?.id });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        const added = body.datasets.find((d: { name: string }) => d.name === 'Dataset B');
        expect(added).toMatchObject({ providerName: 'Provider B', representativeName: 'dpr', description: '' });
        for (const wp of body.workPackages) expect(wp.datasetIds).toContain(added.id);
      });
    });

    describe('POST /projects/:projectId/work-packages', () => {
      it('lets an investigator add an egress work package using all the project datasets by default', async () => {
        const res = await t.as('investigator').post(`${projectUrl}/work-packages`, { name: 'Extra figures' });
        expect(res.statusCode).toBe(201);
        expect(res.json().workPackage).toMatchObject({ kind: 'egress_other', name: 'Extra figures', status: 'unclassified', datasetIds: [t.world.datasetId], round: 1 });
        expect(res.json().myRole).toBe('investigator');
      });
    });
  });

  describe('GET|PUT /projects/:projectId/check-settings', () => {
    beforeAll(open);
    afterAll(async () => t.close());
    const url = () => `${projectUrl}/check-settings`;
    const auditCount = async () => (await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'project.check_settings_changed').execute()).length;

    it('shows any participant the installation default applying to every tier until the project chooses', async () => {
      const res = await t.as('researcher').get(url());
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ projectId: t.world.projectId, installationPreset: 'acro', version: 0, updatedAt: null, settings: { preset: null, parameters: {}, tiers: {} } });
      expect(body.effective.unclassified).toMatchObject({ preset: 'acro', parameters: { minCellCount: 10, zerosDisclosive: true } });
      expect(body.effective.tiers).toHaveLength(5);
      expect((await t.as('sysadmin').get(projectUrl)).json().abilities.manageCheckSettings).toBe(true);
    });

    it('lets a system manager replace them, answering what applies per tier', async () => {
      const res = await t.as('sysadmin').put(url(), { preset: 'datashield', parameters: {}, tiers: { '3': { preset: 'acro', parameters: { minCellCount: 15 } } }, version: 0 });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ version: 1, settings: { preset: 'datashield', tiers: { '3': { preset: 'acro', parameters: { minCellCount: 15 } } } } });
      expect(body.effective.tiers.map((x: { preset: string; parameters: { minCellCount: number } }) => [x.preset, x.parameters.minCellCount])).toEqual([
        ['datashield', 3],
        ['datashield', 3],
        ['datashield', 3],
        ['acro', 15],
        ['datashield', 3],
      ]);
      expect((await t.as('investigator').get(url())).json()).toEqual(body);
      expect(await auditCount()).toBe(1);
    });

    it('refuses without a session, without CSRF, for a participant, for an outsider, for a stale version and for unknown parameters, changing nothing', async () => {
      await t.signInAll('pm', 'outsider', 'programme', 'researcher');
      const before = (await t.as('researcher').get(url())).json();
      const change = { preset: 'abs', parameters: {}, tiers: {}, version: before.version };
      expectError(await t.anonymous.get(url()), 401, 'auth.unauthenticated');
      expectError(await t.anonymous.put(url(), change), 401, 'auth.unauthenticated');
      expectError(await t.as('programme').put(url(), change, { csrf: null }), 403, 'auth.csrf_invalid');
      expectError(await t.as('pm').put(url(), change), 403, 'auth.forbidden');
      expectError(await t.as('outsider').get(url()), 404, 'project.not_found');
      expectError(await t.as('outsider').put(url(), change), 404, 'project.not_found');
      expectError(await t.as('programme').get('/api/v1/projects/no-such-project/check-settings'), 404, 'project.not_found');
      expectError(await t.as('programme').put(url(), { ...change, version: before.version - 1 }), 409, 'conflict.stale_version');
      expectError(await t.as('programme').put(url(), { ...change, parameters: { minCellCoutn: 5 } }), 422, 'validation.invalid_input');
      expectError(await t.as('programme').put(url(), { ...change, parameters: { minCellCount: 'ten' } }), 422, 'validation.invalid_input');
      expectError(await t.as('programme').put(url(), { ...change, preset: 'strictest' }), 422, 'validation.invalid_input');
      expect((await t.as('researcher').get(url())).json()).toEqual(before);
      expect(await auditCount()).toBe(before.version);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const path = doc.paths['/api/v1/projects/{projectId}/check-settings'];
      expect(Object.keys(path).sort()).toEqual(['get', 'put']);
      expect(Object.keys(path.put.responses).sort()).toEqual(['200', '401', '403', '404', '409', '422']);
    });
  });
});
