import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const KEY = 'age1fcehahplgkf6sjfhynx62nprdrg74zdgjaktpypdpa7aaav8cyustypmjs';
const push = { name: 'Provider archive', kind: 'data_provider', contactEmail: 'archive@provider.example', method: 'container_push', target: 'provider-archive', recipientKey: KEY };

describe.each(TEST_DIALECTS)('destination routes on %s', (dialect) => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp(dialect, { deliveryOptions: { pushTargets: ['provider-archive'], folderExport: true } });
    url = `/api/v1/projects/${t.world.projectId}/destinations`;
  });
  afterAll(async () => t.close());

  it('lets a system manager register a destination, shown with its fingerprint to every participant', async () => {
    const res = await t.as('sysadmin').post(url, push);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Provider archive', target: 'provider-archive', recipientKey: KEY, recipientKeyFingerprint: expect.stringMatching(/^SHA256:[0-9a-f]{64}$/) });
    const list = (await t.as('researcher').get(url)).json();
    expect(list).toMatchObject({ options: { pushTargets: ['provider-archive'], folderExport: true }, abilities: { manage: false } });
    expect(list.destinations.map((d: { name: string }) => d.name)).toEqual(['Provider archive']);
  });

  it('refuses everyone but the haven’s managers, and bad input, changing nothing', async () => {
    await t.signInAll('investigator', 'pm', 'researcher', 'outsider', 'programme');
    const before = await t.counts();
    const other = { ...push, name: 'Other' };
    for (const key of ['investigator', 'pm', 'researcher']) expectError(await t.as(key).post(url, other), 403, 'auth.forbidden');
    expectError(await t.as('outsider').post(url, other), 404, 'project.not_found');
    expectError(await t.as('outsider').get(url), 404, 'project.not_found');
    expectError(await t.as('programme').post(url, { ...other, recipientKey: 'age1nope' }), 422, 'destination.recipient_key_invalid');
    expectError(await t.as('programme').post(url, { ...other, target: 'unknown' }), 422, 'destination.target_unknown');
    expectError(await t.as('programme').post(url, { ...other, method: 'folder_export', target: '../etc' }), 422, 'destination.target_invalid');
    expectError(await t.as('programme').post(url, { ...other, connectionString: 'x' }), 422, 'validation.invalid_input');
    expectError(await t.as('programme').post(url, push), 409, 'destination.name_taken');
    expect(await t.counts()).toEqual(before);
  });

  it('lets the author team choose a destination on the package, and a manager retire one', async () => {
    const created = (await t.as('programme').post(url, { ...push, name: 'Team', kind: 'research_team', method: 'link', target: null, recipientKey: null })).json();
    const pkgUrl = `/api/v1/packages/${t.world.wp.report}`;
    const { version } = (await t.as('researcher').get(pkgUrl)).json();
    expectError(await t.as('dpr').put(`${pkgUrl}/destination`, { destinationId: created.id, version }), 403, 'workflow.not_allowed');
    const chosen = await t.as('researcher').put(`${pkgUrl}/destination`, { destinationId: created.id, version });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toMatchObject({ destinationId: created.id, version: version + 1 });
    expectError(await t.as('researcher').post(`${url}/${created.id}/retire`, {}), 403, 'auth.forbidden');
    const retired = await t.as('sysadmin').post(`${url}/${created.id}/retire`, {});
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retiredAt).not.toBeNull();
    expect((await t.as('sysadmin').get(`${url}?includeRetired=true`)).json().destinations.map((d: { name: string }) => d.name)).toEqual(['Provider archive', 'Team']);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/projects/{projectId}/destinations']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/packages/{packageId}/destination'])).toEqual(['put']);
  });
});
