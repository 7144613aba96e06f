import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaitingItem } from '../../../common/contracts/waiting.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../test-app';
import { packageClient, submitTable } from './packages.test-helpers';

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

  it('refuses anonymous callers', async () => {
    expectError(await t.anonymous.get('/api/v1/me/waiting'), 401, 'auth.unauthenticated');
  });
});
