/**
 * The closure routes on both dialects: every role against every route (least privilege, the
 * policy's table through HTTP), the close route refused with the gap's code and the gaps in the
 * details, the inventory refreshed through the job, and refusals that change nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../commands/api-tokens.commands';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const ROLES = ['programme', 'sysadmin', 'pm', 'investigator', 'researcher', 'dpr', 'referee', 'outsider'] as const;
type Role = (typeof ROLES)[number];

describe.each(TEST_DIALECTS)('closure routes on %s', (dialect) => {
  let t: TestApp;
  let root: string;
  const base = () => `/api/v1/projects/${t.world.projectId}`;

  beforeEach(async () => {
    t = await startTestApp(dialect);
    root = await mkdtemp(join(tmpdir(), 'egress-closure-http-'));
    await writeFile(join(root, 'a.txt'), 'alpha\n');
    await writeFile(join(root, 'b.txt'), 'bravo\n');
    expect((await t.as('sysadmin').put(`${base()}/output-area/setting`, { outputArea: root })).statusCode).toBe(200);
    expect((await t.as('investigator').post(`${base()}/closure/inventory-refreshes`, {})).statusCode).toBe(202);
    await t.services.settleInventories();
  });
  afterEach(async () => {
    await t.close();
    await rm(root, { recursive: true, force: true });
  });

  const statuses = async (call: (role: Role) => Promise<{ statusCode: number }>) => {
    const out: Record<string, number> = {};
    for (const role of ROLES) out[role] = (await call(role)).statusCode;
    return out;
  };
  const everyoneButOutsider = (status: number) => ({ ...Object.fromEntries(ROLES.map((r) => [r, status])), outsider: 404 });

  it('lets everyone on the project read the checklist, its files and the inventory, and hides them from outsiders', async () => {
    expect(await statuses((r) => t.as(r).get(`${base()}/closure`))).toEqual(everyoneButOutsider(200));
    expect(await statuses((r) => t.as(r).get(`${base()}/closure/files?fate=unaccounted`))).toEqual(everyoneButOutsider(200));
    expect(await statuses((r) => t.as(r).get(`${base()}/closure/inventory`))).toEqual(everyoneButOutsider(200));
    const checklist = (await t.as('researcher').get(`${base()}/closure`)).json();
    expect(checklist).toMatchObject({ complete: false, files: { total: 2, byFate: { unaccounted: 2 } }, inventory: { lastComplete: { files: 2, hashed: 2 } } });
    expect(checklist.abilities).toEqual({ view: true, refreshInventory: false, markFiles: false, waive: false, close: false });
    expect((await t.as('programme').get(`${base()}/closure`)).json().abilities).toEqual({ view: true, refreshInventory: true, markFiles: true, waive: true, close: false });
    expect((await t.as('researcher').get(`${base()}/closure/files?limit=1`)).json()).toMatchObject({ total: 2, next: 'a.txt', files: [{ path: 'a.txt', fate: 'unaccounted' }] });
  });

  it('lets the people who run the project and the haven’s managers refresh the inventory, and no one else', async () => {
    expect(await statuses((r) => t.as(r).post(`${base()}/closure/inventory-refreshes`, {}))).toEqual({
      programme: 202,
      sysadmin: 202,
      pm: 202,
      investigator: 202,
      researcher: 403,
      dpr: 403,
      referee: 403,
      outsider: 404,
    });
    await t.services.settleInventories();
    expect((await t.as('pm').get(`${base()}/closure/inventory`)).json().latest).toMatchObject({ state: 'done', hashed: 0, kept: 2 });
  });

  it('lets the investigator, the project manager and a programme manager mark files, and only a programme manager waive', async () => {
    const mark = (r: Role) => t.as(r).post(`${base()}/closure/file-marks`, { paths: ['a.txt'], fate: 'retained', reason: 'Stays inside' });
    expect(await statuses(mark)).toEqual({ programme: 200, sysadmin: 403, pm: 200, investigator: 200, researcher: 403, dpr: 403, referee: 403, outsider: 404 });
    const waive = (r: Role) => t.as(r).post(`${base()}/closure/waivers`, { code: 'closure.recommended_package_open', key: t.world.wp.report, reason: 'Not needed' });
    expect(await statuses(waive)).toEqual({ programme: 201, sysadmin: 403, pm: 403, investigator: 403, researcher: 403, dpr: 403, referee: 403, outsider: 404 });
    const waiver = (await t.as('programme').get(`${base()}/closure`)).json().waivers[0];
    expect(waiver).toMatchObject({ code: 'closure.recommended_package_open', key: t.world.wp.report, reason: 'Not needed', by: { id: t.world.users.programme?.id } });
  });

  it('refuses to close with gaps, naming the first kind’s code and listing the gaps', async () => {
    const version = async () => (await t.as('programme').get(`/api/v1/projects/${t.world.projectId}`)).json().project.version as number;
    expect((await t.as('programme').post(`${base()}/start-closing`, { version: await version() })).statusCode).toBe(200);
    const res = await t.as('programme').post(`${base()}/close`, { version: await version() });
    expectError(res, 409, 'closure.file_unaccounted');
    const details = res.json().error.details;
    expect(details.gapCounts).toMatchObject({ 'closure.file_unaccounted': 2, 'closure.recommended_package_open': 2, 'closure.work_package_unclassified': 3 });
    expect(details.gaps[0]).toEqual({ code: 'closure.file_unaccounted', key: 'a.txt', detail: 'a.txt is not egressed, retained or discarded' });
    expect((await t.as('programme').get(`/api/v1/projects/${t.world.projectId}`)).json().project.status).toBe('closing');
  });

  it('refuses a waiver or a mark without a reason, a file waiver and a bearer token, changing nothing', async () => {
    await t.signInAll('programme', 'investigator');
    const person = t.world.users.investigator;
    const secret = (await createApiToken(person?.ctx as never, { name: 'script', projectId: t.world.projectId, scopes: ['packages:read'] })).secret;
    const before = await t.counts();
    expectError(await t.as('programme').post(`${base()}/closure/waivers`, { code: 'closure.link_open', key: 'x', reason: ' ' }), 422, 'closure.reason_required');
    expectError(await t.as('programme').post(`${base()}/closure/waivers`, { code: 'closure.file_unaccounted', key: 'a.txt', reason: 'r' }), 422, 'closure.not_waivable');
    expectError(await t.as('investigator').post(`${base()}/closure/file-marks`, { pattern: '*.txt', fate: 'discarded', reason: '' }), 422, 'closure.reason_required');
    expectError(await t.as('investigator').post(`${base()}/closure/file-marks`, { pattern: '*.txt', fate: 'gone', reason: 'r' }), 422, 'validation.invalid_input');
    const bearer = await t.app.inject({ method: 'GET', url: `${base()}/closure`, headers: { authorization: `Bearer ${secret}` }, remoteAddress: '10.2.2.2' });
    expectError(bearer, 403, 'token.scope');
    expect(await t.counts()).toEqual(before);
  });
});
