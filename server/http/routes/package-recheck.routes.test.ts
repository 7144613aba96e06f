/**
 * POST /api/v1/packages/:id/recheck on every dialect: a reviewer re-checks a package in review
 * after the project's check settings changed, the package goes through the checks stage again
 * and its table, passing under DataSHIELD, ends blocked under ACRO; the answer carries the
 * package with the caller's abilities. Refusals (401, 403, 404, 409, 422) change nothing: the
 * package's status, version and review turn, its check results and every table's row count stay
 * as they were. The generic transitions route refuses a re-check; a programme or system manager
 * who submitted the package or is on its author team is refused (`package.self_review`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../../../common/contracts/packages.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type Response, type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, allCounts, packageClient, setProjectPreset, submitTable } from './packages.testing';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE_CSV = 'group,count\nA,25\nB,40\nC,5\n';

describe.each(TEST_DIALECTS)('re-checking a package over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let tableId: string;
  const recheck = (key: string, body: unknown) => t.as(key).post(`${api.url}/recheck`, body);
  const checkOf = async () => (await t.as('dpr').get(`${api.url}/files/${tableId}/check`)).json() as { preset: string; result: { verdict: string } };
  /** The package row's state and its check results, from the database: what a refusal must leave as it was. */
  const stateOf = async (packageId = t.world.wp.report) => ({
    pkg: await t.database.db.selectFrom('packages').select(['status', 'version', 'review_turn', 'submitted_by']).where('id', '=', packageId).executeTakeFirstOrThrow(),
    checks: await t.database.db.selectFrom('check_results').selectAll().where('package_id', '=', packageId).orderBy('file_version_id').execute(),
  });

  // One world: the refusals come first and each proves it changed nothing; the re-check last.
  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
    await setProjectPreset(t, 'datashield');
    expect((await api.get('researcher')).abilities.recheck).toBe(false);
    tableId = await submitTable(t, api, TABLE_CSV);
    await setProjectPreset(t, 'acro');
  }, 60_000);
  afterAll(async () => t.close());

  it('offers the re-check to reviewers and managers of the settings, never to the authors', async () => {
    const abilities = async (key: string) => (await api.get(key)).abilities.recheck;
    expect(await abilities('dpr')).toBe(true);
    // Nobody said tier 2 or more, so this package needs no referee: the referee does not review it.
    expect(await abilities('referee')).toBe(false);
    expect(await abilities('programme')).toBe(true);
    expect(await abilities('sysadmin')).toBe(true);
    expect(await abilities('researcher')).toBe(false);
    expect(await abilities('investigator')).toBe(false);
    expect(await abilities('pm')).toBe(false);
  });

  it('refuses anonymous callers, outsiders, the author team, bad requests, stale versions, the transitions route and other states, changing nothing', async () => {
    await t.signInAll('researcher', 'outsider', 'dpr', 'pm', 'programme');
    const { version } = await api.get('dpr');
    const reason = 'The project now uses the ACRO rules';
    const before = await allCounts(t);
    const state = await stateOf();
    expect(state.pkg).toMatchObject({ status: 'in_review', review_turn: 1, version });
    expect(state.checks).toHaveLength(1);
    const refusals: [() => Promise<Response>, number, string][] = [
      [() => t.anonymous.post(`${api.url}/recheck`, { reason, version }), 401, 'auth.unauthenticated'],
      [() => recheck('outsider', { reason, version }), 404, 'package.not_found'],
      [() => t.as('dpr').post('/api/v1/packages/no-such-package/recheck', { reason, version }), 404, 'package.not_found'],
      [() => recheck('researcher', { reason, version }), 403, 'workflow.not_allowed'],
      [() => recheck('pm', { reason, version }), 403, 'workflow.not_allowed'],
      [() => recheck('dpr', { reason: '', version }), 422, 'validation.invalid_input'],
      [() => recheck('dpr', { version }), 422, 'validation.invalid_input'],
      [() => recheck('dpr', { reason, version, extra: true }), 422, 'validation.invalid_input'],
      // Over 2000 characters: refused, never cut.
      [() => recheck('dpr', { reason: 'x'.repeat(2001), version }), 422, 'validation.invalid_input'],
      [() => recheck('dpr', { reason, version: version + 1 }), 409, 'conflict.stale_version'],
      // The generic transitions route refuses a re-check, whoever asks.
      [() => api.transition('dpr', 'recheck', version, reason), 422, 'validation.invalid_input'],
      [() => api.transition('programme', 'recheck', version, 'x'.repeat(3000)), 422, 'validation.invalid_input'],
      [() => api.transition('researcher', 'recheck', version, reason), 422, 'validation.invalid_input'],
    ];
    for (const [request, status, code] of refusals) {
      expectError(await request(), status, code);
      expect(await stateOf()).toEqual(state);
    }
    const viaTransitions = (await api.transition('dpr', 'recheck', version, reason)).json() as { error: { message: string } };
    expect(viaTransitions.error.message).toContain('POST /packages/:id/recheck');
    const handover = packageClient(t, t.world.wp.handover);
    const draft = await stateOf(t.world.wp.handover);
    expectError(await t.as('dpr').post(`${handover.url}/recheck`, { reason, version: (await handover.get('dpr')).version }), 409, 'workflow.invalid_transition');
    expect(await stateOf(t.world.wp.handover)).toEqual(draft);
    expect(await allCounts(t)).toEqual(before);
    expect(await stateOf()).toEqual(state);
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

  it('refuses a programme or system manager who submitted the package or is on its author team, changing nothing', async () => {
    await t.world.addPerson('programme-author', { systemRole: 'programme_manager', projectRole: 'researcher' });
    await t.world.addPerson('system-author', { systemRole: 'system_manager', projectRole: 'investigator' });
    // The programme manager who is a researcher submits the handover package.
    const handover = packageClient(t, t.world.wp.handover);
    const file = await handover.add('programme-author', 'results/table2.csv', TABLE_CSV);
    let pkg = await handover.get('programme-author');
    pkg = (await handover.setContext('programme-author', { ...COMPLETE_CONTEXT, outputs: { [file.id]: { shows: 'Counts by group', supportingFileIds: [] } } }, pkg.version)).json() as Package;
    expect((await handover.transition('programme-author', 'submit', pkg.version)).statusCode).toBe(200);
    await t.services.settle();
    await t.signInAll('programme-author', 'system-author');
    const reason = 'Checked again by a manager';
    for (const client of [handover, api]) {
      const packageId = client === api ? t.world.wp.report : t.world.wp.handover;
      const { version } = await client.get('dpr');
      const before = await allCounts(t);
      const state = await stateOf(packageId);
      expect(state.pkg).toMatchObject({ status: 'in_review', review_turn: 1 });
      expect(state.checks).toHaveLength(1);
      for (const key of ['programme-author', 'system-author']) {
        expect((await client.get(key)).abilities.recheck, key).toBe(false);
        expectError(await t.as(key).post(`${client.url}/recheck`, { reason, version }), 403, 'package.self_review');
        expect(await stateOf(packageId)).toEqual(state);
      }
      expect(await allCounts(t)).toEqual(before);
    }
    expect((await stateOf(t.world.wp.handover)).pkg.submitted_by).toBe(t.world.users['programme-author']?.id);
  }, 60_000);
});
