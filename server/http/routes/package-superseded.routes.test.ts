/**
 * GET /api/v1/packages/:id/files/:fileId/superseded-results on every dialect: before any re-check
 * a file version has no superseded results (an empty list); after a reviewer re-checks the
 * package under ACRO, the DataSHIELD result it had is listed, whole (preset, parameters, tool
 * version, verdict, findings), with who re-checked, when and why, while the current result is the
 * ACRO one. Anyone who can see the package's results can read them; anonymous callers get 401,
 * outsiders and unknown packages, files or versions 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupersededCheckResult } from '../../../common/contracts/superseded-results.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { allCounts, packageClient, setProjectPreset, submitTable } from './packages.testing';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE_CSV = 'group,count\nA,25\nB,40\nC,5\n';
const REASON = 'The project now uses the ACRO rules';

describe.each(TEST_DIALECTS)('superseded check results over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let tableId: string;
  const supersededUrl = () => `${api.url}/files/${tableId}/superseded-results`;
  const supersededAs = async (key: string, query = '') => {
    const res = await t.as(key).get(`${supersededUrl()}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { results: SupersededCheckResult[] }).results;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
    await setProjectPreset(t, 'datashield');
    tableId = await submitTable(t, api, TABLE_CSV);
    await setProjectPreset(t, 'acro');
  }, 60_000);
  afterAll(async () => t.close());

  it('lists nothing before any re-check, to authors and reviewers alike', async () => {
    expect(await supersededAs('researcher')).toEqual([]);
    expect(await supersededAs('dpr')).toEqual([]);
    expect(await supersededAs('dpr', '?version=1')).toEqual([]);
  });

  it('refuses anonymous callers, outsiders and unknown packages, files or versions, changing nothing', async () => {
    await t.signInAll('outsider', 'dpr');
    const before = await allCounts(t);
    expectError(await t.anonymous.get(supersededUrl()), 401, 'auth.unauthenticated');
    expectError(await t.as('outsider').get(supersededUrl()), 404, 'package.not_found');
    expectError(await t.as('dpr').get(`/api/v1/packages/no-such-package/files/${tableId}/superseded-results`), 404, 'package.not_found');
    expectError(await t.as('dpr').get(`${api.url}/files/no-such-file/superseded-results`), 404, 'file.not_found');
    expectError(await t.as('dpr').get(`${supersededUrl()}?version=2`), 404, 'file.not_found');
    expectError(await t.as('dpr').get(`${supersededUrl()}?version=0`), 422, 'validation.invalid_input');
    expect(await allCounts(t)).toEqual(before);
  });

  it('lists the earlier result after a re-check, whole, with who re-checked, when and why', async () => {
    const before = (await (await t.as('dpr').get(`${api.url}/files/${tableId}/check`)).json()) as {
      preset: string;
      toolVersion: string;
      parameters: Record<string, unknown>;
      checkedAt: string;
      result: unknown;
    };
    expect(before.preset).toBe('datashield');
    const { version } = await api.get('dpr');
    const res = await t.as('dpr').post(`${api.url}/recheck`, { reason: REASON, version });
    expect(res.statusCode, res.body).toBe(200);
    await t.services.settle();

    const dpr = await t.database.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', '=', t.world.users.dpr?.id ?? '')
      .executeTakeFirstOrThrow();
    const results = await supersededAs('researcher');
    expect(results).toHaveLength(1);
    const [kept] = results;
    expect(kept).toMatchObject({
      versionNumber: 1,
      preset: 'datashield',
      toolVersion: before.toolVersion,
      parameters: before.parameters,
      checkedAt: before.checkedAt,
      supersededBy: { id: dpr.id, name: dpr.name },
      reason: REASON,
      result: before.result,
    });
    expect([kept?.result.status, kept?.result.verdict]).toEqual(['checked', 'pass']);
    expect(Date.parse(kept?.supersededAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before.checkedAt));
    expect(await supersededAs('dpr', '?version=1')).toEqual(results);
    // The current result is the new one; the earlier one is only in the superseded list.
    const current = (await t.as('dpr').get(`${api.url}/files/${tableId}/check`)).json() as { preset: string; result: { verdict: string } };
    expect(current).toMatchObject({ preset: 'acro', result: { verdict: 'block' } });
  }, 60_000);

  it('lists the most recently superseded result first after a second re-check', async () => {
    // A later re-check is made later: the clock moves on, as it would between two re-checks.
    t.world.clock.advance(60_000);
    await setProjectPreset(t, 'datashield');
    const { version } = await api.get('dpr');
    const res = await t.as('dpr').post(`${api.url}/recheck`, { reason: 'Back to DataSHIELD', version });
    expect(res.statusCode, res.body).toBe(200);
    await t.services.settle();
    const results = await supersededAs('referee');
    expect(Date.parse(results[0]?.supersededAt ?? '')).toBeGreaterThan(Date.parse(results[1]?.supersededAt ?? ''));
    expect(results.map((r) => [r.preset, r.result.verdict, r.reason])).toEqual([
      ['acro', 'block', 'Back to DataSHIELD'],
      ['datashield', 'pass', REASON],
    ]);
    expect(results[0]?.result.findings.length).toBeGreaterThan(0);
  }, 60_000);
});
