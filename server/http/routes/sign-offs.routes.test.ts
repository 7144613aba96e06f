/**
 * Sign-offs and the approval panel over HTTP, on every dialect: the investigator signs the digest
 * they loaded, the listing and the panel say what is still missing and who must sign, the signer
 * withdraws; refusals (401, 404, 409, 422) change nothing. The command tests cover the rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, SignOffList } from '../../../common/contracts/sign-offs.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { createPackageAt, withServices } from '../../testing/package-factories';
import { personIn } from '../../testing/world-lifecycle';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { allCounts, packageClient } from './packages.testing';

describe.each(TEST_DIALECTS)('sign-offs over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  const signOffs = (key: string) => t.as(key).get(`${api.url}/sign-offs`);
  const approval = async (key: string) => (await t.as(key).get(`${api.url}/approval`)).json() as Approval;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
    // Tier 0 allows a public release.
    const files = [{ path: 'results/table1.csv', content: 'group,count\nA,25\nB,40\n' }];
    await createPackageAt(withServices(t.world, t.services), 'in_review', { tier: 0, destination: 'public_release', files });
  }, 60_000);
  afterAll(async () => t.close());

  it('refuses anonymous callers, outsiders, bad bodies and a stale digest, changing nothing', async () => {
    await t.signInAll('investigator', 'outsider', 'dpr');
    const { digest } = (await signOffs('investigator')).json() as SignOffList;
    const url = `${api.url}/sign-offs`;
    const before = await allCounts(t);
    expectError(await t.anonymous.post(url, { role: 'investigator', digest }), 401, 'auth.unauthenticated');
    expectError(await t.as('outsider').post(url, { role: 'investigator', digest }), 404, 'package.not_found');
    expectError(await t.as('investigator').post(url, { role: 'investigator' }), 422, 'validation.invalid_input');
    expectError(await t.as('investigator').post(url, { role: 'investigator', digest, extra: 1 }), 422, 'validation.invalid_input');
    const stale = await t.as('investigator').post(url, { role: 'investigator', digest: '0'.repeat(64) });
    expectError(stale, 409, 'sign_off.stale_digest');
    expect(stale.json().error.message).toBe('The package changed since you loaded it; review the changes and sign again');
    expectError(await t.as('dpr').post(url, { role: 'investigator', digest }), 403, 'sign_off.not_allowed');
    expectError(await t.as('investigator').post(`${url}/no-such-sign-off/withdrawal`, {}), 404, 'sign_off.not_found');
    expect(await allCounts(t)).toEqual(before);
  });

  const abilitiesOf = async (key: string) => {
    const { signOff } = ((await signOffs(key)).json() as SignOffList).abilities;
    return Object.fromEntries(Object.entries(signOff).map(([role, a]) => [role, a.ok ? 'ok' : a.code]));
  };

  it("lists the caller's sign-off per role as the policy decides it", async () => {
    await t.signInAll('investigator', 'dpr', 'researcher');
    expect(await abilitiesOf('investigator')).toEqual({ investigator: 'ok', data_provider_representative: 'sign_off.not_allowed', referee: 'sign_off.role_not_required' });
    // The DPR reviews the package but has not submitted their review of this turn.
    expect(await abilitiesOf('dpr')).toEqual({ investigator: 'sign_off.not_allowed', data_provider_representative: 'sign_off.review_not_submitted', referee: 'sign_off.role_not_required' });
    expect(await abilitiesOf('researcher')).toEqual({ investigator: 'sign_off.not_allowed', data_provider_representative: 'sign_off.not_allowed', referee: 'sign_off.role_not_required' });
  });

  it('signs, lists, shows the panel and withdraws', async () => {
    const { digest } = (await signOffs('investigator')).json() as SignOffList;
    const signed = await t.as('investigator').post(`${api.url}/sign-offs`, { role: 'investigator', digest });
    expect(signed.statusCode, signed.body).toBe(201);
    const list = signed.json() as SignOffList;
    expect(list).toMatchObject({ digest, status: 'in_review', signOffs: [{ role: 'investigator', userName: 'investigator', live: true, bound: true, voidCause: null }] });
    expect(list.abilities.signOff.investigator).toMatchObject({ ok: false, code: 'sign_off.duplicate' });

    const panel = await approval('dpr');
    expect(panel.digest).toBe(digest);
    expect(panel.signOffs.missing).toEqual([{ role: 'data_provider_representative', userIds: [personIn(t.world, 'dpr').id] }]);
    expect(panel.guards.find((g) => g.id === 'sign_offs_present')).toEqual({ id: 'sign_offs_present', words: 'Every required sign-off, bound to the current content', ok: false });
    expect(panel.missing.map((m) => m.code)).toContain('approval.sign_offs_missing');

    const id = list.signOffs[0]?.id as string;
    const withdrawn = await t.as('investigator').post(`${api.url}/sign-offs/${id}/withdrawal`, {});
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((withdrawn.json() as SignOffList).signOffs).toMatchObject([{ id, live: false, voidCause: 'withdrawn' }]);
    expect((withdrawn.json() as SignOffList).abilities.signOff.investigator).toEqual({ ok: true });
    expect((await signOffs('dpr')).json()).toMatchObject({ signOffs: [{ id, live: false }] });
  });
});
