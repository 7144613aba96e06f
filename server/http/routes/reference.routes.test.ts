/** Question sets, the tier policy and project audit trails through the API, on every dialect. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const mini = (overrides: { text?: string; version?: number } = {}) => ({
  name: 'mini',
  title: 'Mini',
  questions: [
    { id: 'personal', version: overrides.version ?? 1, text: overrides.text ?? 'Personal data?', guidance: '', yes: { tier: 3 }, no: { question: 'public' } },
    { id: 'public', version: 1, text: 'Already public?', guidance: '', yes: { tier: 0 }, no: { tier: 1 } },
  ],
});

const cyclic = {
  name: 'loop',
  title: 'Loop',
  questions: [
    { id: 'start', version: 1, text: 'Start?', yes: { question: 'a' }, no: { tier: 0 } },
    { id: 'a', version: 1, text: 'A?', yes: { question: 'b' }, no: { tier: 1 } },
    { id: 'b', version: 1, text: 'B?', yes: { question: 'a' }, no: { tier: 2 } },
  ],
};

describe.each(TEST_DIALECTS)('reference routes on %s', (dialect) => {
  let t: TestApp;
  const open = async () => {
    t = await startTestApp(dialect);
  };
  const auditUrl = () => `/api/v1/projects/${t.world.projectId}/audit`;

  describe('reads and refusals, sharing one world', () => {
    beforeAll(open);
    afterAll(async () => t.close());

    describe('question sets', () => {
      it('returns the built-in turing set with its 14 questions by name and by id', async () => {
        const res = await t.as('researcher').get('/api/v1/question-sets/turing');
        expect(res.statusCode).toBe(200);
        const set = res.json();
        expect(set).toMatchObject({ name: 'turing', version: 1, start: 'open_generate_new' });
        expect(set.questions).toHaveLength(14);
        expect((await t.as('researcher').get(`/api/v1/question-sets/${set.id}`)).json()).toEqual(set);
        const list = (await t.as('researcher').get('/api/v1/question-sets')).json();
        expect(list.questionSets.map((s: { name: string }) => s.name)).toContain('turing');
      });

      it('answers an unknown set with question_set.not_found and an anonymous caller with 401', async () => {
        expectError(await t.as('researcher').get('/api/v1/question-sets/unknown'), 404, 'question_set.not_found');
        expectError(await t.anonymous.get('/api/v1/question-sets/turing'), 401, 'auth.unauthenticated');
      });

      it('refuses a cyclic set from a system manager with question_set.invalid and stores nothing', async () => {
        await t.signInAll('sysadmin');
        const before = await t.counts();
        const res = await t.as('sysadmin').post('/api/v1/question-sets', cyclic);
        expectError(res, 422, 'question_set.invalid');
        expect(res.json().error.message).toContain('cycle');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses an import from a programme manager with auth.forbidden and stores nothing', async () => {
        await t.signInAll('programme');
        const before = await t.counts();
        expectError(await t.as('programme').post('/api/v1/question-sets', cyclic), 403, 'auth.forbidden');
        expectError(await t.as('programme').post('/api/v1/question-sets', mini()), 403, 'auth.forbidden');
        expect(await t.counts()).toEqual(before);
      });

      it('refuses a body that is not a question set, and an import without the CSRF token', async () => {
        await t.signInAll('sysadmin');
        const before = await t.counts();
        expectError(await t.as('sysadmin').post('/api/v1/question-sets', [1, 2, 3]), 422, 'question_set.invalid');
        expectError(await t.as('sysadmin').post('/api/v1/question-sets', { ...mini(), extra: true }), 422, 'question_set.invalid');
        expectError(await t.as('sysadmin').post('/api/v1/question-sets', mini(), { csrf: null }), 403, 'auth.csrf_invalid');
        expect(await t.counts()).toEqual(before);
      });
    });

    describe('GET /tier-policy', () => {
      it('returns the tier policy in force with one rule per tier, tier 4 staying inside', async () => {
        const res = await t.as('researcher').get('/api/v1/tier-policy');
        expect(res.statusCode).toBe(200);
        const policy = res.json();
        expect(policy.version).toBe(1);
        expect(policy.tiers.map((r: { tier: number }) => r.tier)).toEqual([0, 1, 2, 3, 4]);
        expect(policy.tiers[4]).toMatchObject({ egressAllowed: false, destinations: [], linkLifetimeHours: null });
        expect(policy.tiers[0].linkLifetimeHours).toBe(7 * 24);
        expectError(await t.anonymous.get('/api/v1/tier-policy'), 401, 'auth.unauthenticated');
      });
    });

    describe('GET /projects/:projectId/audit', () => {
      it('pages contiguously with `before`, each page continuing where the last stopped', async () => {
        const all = (await t.as('pm').get(`${auditUrl()}?limit=500`)).json().events as { seq: number }[];
        expect(all.length).toBeGreaterThan(6);
        const paged: { seq: number }[] = [];
        let url = `${auditUrl()}?limit=3`;
        for (let pages = 0; pages < 50; pages += 1) {
          const page = (await t.as('pm').get(url)).json();
          expect(page.events.length).toBeLessThanOrEqual(3);
          paged.push(...page.events);
          if (page.nextBefore === null) break;
          expect(page.nextBefore).toBe(page.events.at(-1).seq);
          url = `${auditUrl()}?limit=3&before=${page.nextBefore}`;
        }
        expect(paged.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
      });

      it('answers an outsider and an unknown project with project.not_found', async () => {
        expectError(await t.as('outsider').get(auditUrl()), 404, 'project.not_found');
        expectError(await t.as('sysadmin').get('/api/v1/projects/nope/audit'), 404, 'project.not_found');
      });

      it.each([['limit=0'], ['limit=501'], ['before=0'], ['before=abc']])('refuses the query %s as invalid input', async (query) => {
        expectError(await t.as('pm').get(`${auditUrl()}?${query}`), 422, 'validation.invalid_input');
      });
    });
  });

  describe('changes, each in a fresh world', () => {
    beforeEach(open);
    afterEach(async () => t.close());

    describe('POST /tier-policy', () => {
      it('publishes a new version for new decisions while a decided work package keeps the version it was decided under', async () => {
        await t.as('investigator').post(`/api/v1/work-packages/${t.world.wp.report}/opinions`, { path: pathFor(1) });
        await t.as('dpr').post(`/api/v1/work-packages/${t.world.wp.report}/opinions`, { path: pathFor(1) });
        const v1 = (await t.as('researcher').get('/api/v1/tier-policy')).json();
        const tiers = structuredClone(v1.tiers);
        tiers[1].linkLifetimeHours = 24;
        const res = await t.as('sysadmin').post('/api/v1/tier-policy', { tiers });
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ version: 2, tiers });
        expect((await t.as('researcher').get('/api/v1/tier-policy')).json().version).toBe(2);
        const decided = (await t.as('investigator').get(`/api/v1/work-packages/${t.world.wp.report}`)).json();
        expect(decided.workPackage).toMatchObject({ tier: 1, policyVersion: 1 });
        expect(decided.policy.linkLifetimeHours).toBe(72);
        await t.as('investigator').post(`/api/v1/work-packages/${t.world.wp.handover}/opinions`, { path: pathFor(1) });
        await t.as('dpr').post(`/api/v1/work-packages/${t.world.wp.handover}/opinions`, { path: pathFor(1) });
        const later = (await t.as('investigator').get(`/api/v1/work-packages/${t.world.wp.handover}`)).json();
        expect(later.workPackage).toMatchObject({ tier: 1, policyVersion: 2 });
        expect(later.policy.linkLifetimeHours).toBe(24);
        const events = await t.world.db.selectFrom('audit_events').select(['action', 'object_id', 'actor_id']).where('action', '=', 'tier_policy.published').execute();
        expect(events).toEqual([{ action: 'tier_policy.published', object_id: '2', actor_id: t.world.users.sysadmin?.id }]);
      });

      it('refuses an invalid policy, the same policy again, tier 4 letting outputs leave, and anyone but a system manager, changing nothing', async () => {
        const v1 = (await t.as('researcher').get('/api/v1/tier-policy')).json();
        await t.signInAll('sysadmin', 'programme');
        const before = await t.counts();
        expectError(await t.as('sysadmin').post('/api/v1/tier-policy', { tiers: v1.tiers.slice(0, 4) }), 422, 'tier_policy.invalid');
        expectError(await t.as('sysadmin').post('/api/v1/tier-policy', { tiers: v1.tiers, extra: 1 }), 422, 'tier_policy.invalid');
        const open4 = structuredClone(v1.tiers);
        open4[4].egressAllowed = true;
        expectError(await t.as('sysadmin').post('/api/v1/tier-policy', { tiers: open4 }), 422, 'tier_policy.invalid');
        expectError(await t.as('sysadmin').post('/api/v1/tier-policy', { tiers: v1.tiers }), 409, 'tier_policy.unchanged');
        expectError(await t.as('programme').post('/api/v1/tier-policy', { tiers: v1.tiers }), 403, 'auth.forbidden');
        expectError(await t.anonymous.post('/api/v1/tier-policy', { tiers: v1.tiers }), 401, 'auth.unauthenticated');
        expect(await t.counts()).toEqual(before);
      });
    });

    describe('question sets', () => {
      it('imports a valid set, refuses the same set again, and takes a changed question only with a higher version', async () => {
        const created = await t.as('sysadmin').post('/api/v1/question-sets', mini());
        expect(created.statusCode).toBe(201);
        expect(created.json()).toMatchObject({ name: 'mini', version: 1, start: 'personal' });
        const before = await t.counts();
        expectError(await t.as('sysadmin').post('/api/v1/question-sets', mini()), 409, 'question_set.exists');
        expectError(await t.as('sysadmin').post('/api/v1/question-sets', mini({ text: 'Any personal data?' })), 422, 'question_set.invalid');
        expect(await t.counts()).toEqual(before);
        const next = await t.as('sysadmin').post('/api/v1/question-sets', mini({ text: 'Any personal data?', version: 2 }));
        expect(next.statusCode).toBe(201);
        expect(next.json().version).toBe(2);
        expect((await t.as('sysadmin').get('/api/v1/question-sets/mini')).json().version).toBe(2);
      });
    });

    describe('GET /projects/:projectId/audit', () => {
      it('returns the project trail newest first, starting with the latest change', async () => {
        await t.as('investigator').post(`/api/v1/work-packages/${t.world.wp.report}/opinions`, { path: pathFor(1) });
        const res = await t.as('researcher').get(auditUrl());
        expect(res.statusCode).toBe(200);
        const { events, nextBefore } = res.json();
        expect(nextBefore).toBeNull();
        const seqs = events.map((e: { seq: number }) => e.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
        expect(events.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['work_package.classification_started', 'opinion.submitted']);
        expect(events.at(-1).action).toBe('project.created');
        expect(events.every((e: { projectId: string }) => e.projectId === t.world.projectId)).toBe(true);
        expect(res.body).not.toContain('session.signed_in');
      });
    });
  });
});
