import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaitingItem } from '../../../common/contracts/waiting.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { packageClient, submitTable } from './packages.testing';

const summary = (items: WaitingItem[]) => items.map((i) => `${i.kind}:${i.workPackageName}`).sort();

describe.each(TEST_DIALECTS)('what is waiting for me on %s', (dialect) => {
  let t: TestApp;
  const waiting = async (key: string): Promise<WaitingItem[]> => {
    const res = await t.as(key).get('/api/v1/me/waiting');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as WaitingItem[];
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
  }, 60_000);
  afterAll(async () => t.close());

  it('lists the classifications each classifier still owes, and nothing for people who owe nothing', async () => {
    const wps = ['Ingress', 'Egress – Report finalisation', 'Egress – Data Provider Handover'];
    const names = (await t.world.db.selectFrom('work_packages').select('name').where('project_id', '=', t.world.projectId).execute()).map((w) => w.name);
    expect(names.sort()).toEqual([...wps].sort());
    expect(summary(await waiting('investigator'))).toEqual(wps.map((n) => `classify:${n}`).sort());
    expect(summary(await waiting('dpr'))).toEqual(wps.map((n) => `classify:${n}`).sort());
    // Nobody said tier 2 or more: no referee is needed yet. A researcher and an outsider classify nothing.
    expect(await waiting('referee')).toEqual([]);
    expect(await waiting('researcher')).toEqual([]);
    expect(await waiting('outsider')).toEqual([]);
  });

  it('asks the package’s reviewers to review it once it is in review, and stops asking the authors', async () => {
    const api = packageClient(t, t.world.wp.report);
    await submitTable(t, api, 'group,count\nA,25\nB,40\n');
    const review = (await waiting('dpr')).filter((i) => i.kind === 'review');
    expect(review).toEqual([expect.objectContaining({ packageId: t.world.wp.report, action: 'Review the files and submit your review' })]);
    expect((await waiting('researcher')).filter((i) => i.kind === 'review')).toEqual([]);
    expect((await waiting('investigator')).filter((i) => i.kind === 'review')).toEqual([]);
  });

  it('asks for sign-offs once the tier is agreed and the reviewer has submitted, and asks the authors to act on a returned package', async () => {
    const pkgUrl = `/api/v1/packages/${t.world.wp.report}`;
    for (const key of ['investigator', 'dpr']) {
      const res = await t.as(key).post(`/api/v1/work-packages/${t.world.wp.report}/opinions`, { path: pathFor(1), explanation: 'Aggregate counts only.' });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await waiting('investigator')).map((i) => i.kind)).toContain('sign_off');
    // The DPR signs only after submitting their review.
    expect((await waiting('dpr')).filter((i) => i.kind === 'sign_off')).toEqual([]);
    const summary = (await t.as('dpr').get(`${pkgUrl}/review`)).json();
    for (const f of summary.files.filter((x: { needsDecision: boolean }) => x.needsDecision)) {
      expect((await t.as('dpr').post(`${pkgUrl}/files/${f.fileId}/review`, { fileVersionId: f.fileVersionId, decision: 'approve' })).statusCode).toBe(200);
    }
    expect((await t.as('dpr').post(`${pkgUrl}/review-submissions`, {})).statusCode).toBe(201);
    const dpr = await waiting('dpr');
    expect(dpr.filter((i) => i.kind === 'review')).toEqual([]);
    expect(dpr.filter((i) => i.kind === 'sign_off')).toEqual([expect.objectContaining({ packageId: t.world.wp.report, action: 'Sign off the package' })]);

    const { version } = (await t.as('dpr').get(pkgUrl)).json();
    expect((await t.as('dpr').post(`${pkgUrl}/transitions`, { action: 'return', version, comment: 'Please round the counts.' })).statusCode).toBe(200);
    expect((await waiting('researcher')).filter((i) => i.kind === 'returned')).toEqual([expect.objectContaining({ action: 'Make the changes the reviewers asked for and resubmit' })]);
    expect((await waiting('dpr')).filter((i) => i.packageId !== null)).toEqual([]);
  });

  it('refuses anonymous callers', async () => {
    expectError(await t.anonymous.get('/api/v1/me/waiting'), 401, 'auth.unauthenticated');
  });
});
