/**
 * POST /api/v1/packages/:id/recheck on every dialect: a reviewer re-checks a package in review
 * after the project's check settings changed, the package goes through the checks stage again
 * and its table, passing under DataSHIELD, ends blocked under ACRO; the answer carries the
 * package with the caller's abilities. Refusals (401, 403, 404, 409, 422) change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../../../common/contracts/packages.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../test-app';
import { COMPLETE_CONTEXT, allCounts, packageClient } from './packages.test-helpers';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE_CSV = 'group,count\nA,25\nB,40\nC,5\n';

describe.each(TEST_DIALECTS)('re-checking a package over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let tableId: string;
  const recheck = (key: string, body: unknown) => t.as(key).post(`${api.url}/recheck`, body);
  const setPreset = async (preset: string) => {
    const current = await t.as('programme').get(`/api/v1/projects/${t.world.projectId}/check-settings`);
    const res = await t.as('programme').put(`/api/v1/projects/${t.world.projectId}/check-settings`, { preset, version: current.json().version });
    expect(res.statusCode, res.body).toBe(200);
  };
  const checkOf = async () => (await t.as('dpr').get(`${api.url}/files/${tableId}/check`)).json() as { preset: string; result: { verdict: string } };

  // One world: the refusals come first and each proves it changed nothing; the re-check last.
  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
    await setPreset('datashield');
    tableId = (await api.add('researcher', 'results/table1.csv', TABLE_CSV)).id;
    let pkg = await api.get('researcher');
    expect(pkg.abilities.recheck).toBe(false);
    pkg = (await api.setContext('researcher', { ...COMPLETE_CONTEXT, outputs: { [tableId]: { shows: 'Counts by group', supportingFileIds: [] } } }, pkg.version)).json() as Package;
    expect((await api.transition('researcher', 'submit', pkg.version)).statusCode).toBe(200);
    await t.services.settle();
    await setPreset('acro');
  }, 60_000);
  afterAll(async () => t.close());

  it('offers the re-check to reviewers and managers of the settings, never to the authors', async () => {
    const abilities = async (key: string) => (await api.get(key)).abilities.recheck;
    expect(await abilities('dpr')).toBe(true);
    expect(await abilities('referee')).toBe(true);
    expect(await abilities('programme')).toBe(true);
    expect(await abilities('sysadmin')).toBe(true);
    expect(await abilities('researcher')).toBe(false);
    expect(await abilities('investigator')).toBe(false);
    expect(await abilities('pm')).toBe(false);
  });

  it('refuses anonymous callers, outsiders, the author team, bad requests, stale versions and other states, changing nothing', async () => {
    await t.signInAll('researcher', 'outsider', 'dpr', 'pm');
    const { version } = await api.get('dpr');
    const reason = 'The project now uses the ACRO rules';
    const before = await allCounts(t);
    expectError(await t.anonymous.post(`${api.url}/recheck`, { reason, version }), 401, 'auth.unauthenticated');
    expectError(await recheck('outsider', { reason, version }), 404, 'package.not_found');
    expectError(await t.as('dpr').post('/api/v1/packages/no-such-package/recheck', { reason, version }), 404, 'package.not_found');
    expectError(await recheck('researcher', { reason, version }), 403, 'workflow.not_allowed');
    expectError(await recheck('pm', { reason, version }), 403, 'workflow.not_allowed');
    expectError(await recheck('dpr', { reason: '', version }), 422, 'validation.invalid_input');
    expectError(await recheck('dpr', { version }), 422, 'validation.invalid_input');
    expectError(await recheck('dpr', { reason, version, extra: true }), 422, 'validation.invalid_input');
    expectError(await recheck('dpr', { reason, version: version + 1 }), 409, 'conflict.stale_version');
    const handover = packageClient(t, t.world.wp.handover);
    expectError(await t.as('dpr').post(`${handover.url}/recheck`, { reason, version: (await handover.get('dpr')).version }), 409, 'workflow.invalid_transition');
    expect(await allCounts(t)).toEqual(before);
    expect(await checkOf()).toMatchObject({ preset: 'datashield', result: { verdict: 'pass' } });
  });

  it('sends the package back through the checks and stores results under the settings in force', async () => {
    const { version } = await api.get('dpr');
    const res = await recheck('dpr', { reason: 'The project now uses the ACRO rules', version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'checking', reviewTurn: 1, version: version + 1, checks: { pending: 1 }, abilities: { recheck: false } });
    expectError(await recheck('dpr', { reason: 'Again', version: version + 1 }), 409, 'workflow.invalid_transition');

    await t.services.settle();
    expect(await api.get('dpr')).toMatchObject({ status: 'in_review', checks: { block: 1, pending: 0 }, abilities: { recheck: true } });
    expect(await checkOf()).toMatchObject({ preset: 'acro', result: { verdict: 'block' } });
    const history = (await t.as('researcher').get(`${api.url}/history`)).json().events as { action: string; summary: Record<string, unknown> }[];
    expect(history.slice(0, 2).map((e) => e.action)).toEqual(['package.checks_finished', 'package.recheck_requested']);
    expect(history[1]?.summary).toMatchObject({ reason: 'The project now uses the ACRO rules', superseded: { results: 1, presets: { datashield: 1 }, verdicts: { pass: 1 } } });
  }, 60_000);
});
