/**
 * The closure report routes on both dialects: every role against every route before and after
 * the project closed (least privilege through HTTP), the documents served as attachments whose
 * bytes hash to what the info route and the audit chain give, and no API token.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../commands/api-tokens.commands';
import { waiveAllGaps } from '../../testing/closure';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const ROLES = ['programme', 'sysadmin', 'pm', 'investigator', 'researcher', 'dpr', 'referee', 'outsider'] as const;
type Role = (typeof ROLES)[number];

describe.each(TEST_DIALECTS)('closure report routes on %s', (dialect) => {
  let t: TestApp;
  const base = () => `/api/v1/projects/${t.world.projectId}`;
  const version = async () => (await t.as('programme').get(base())).json().project.version as number;
  const statuses = async (call: (role: Role) => Promise<{ statusCode: number }>) => {
    const out: Record<string, number> = {};
    for (const role of ROLES) out[role] = (await call(role)).statusCode;
    return out;
  };

  beforeEach(async () => {
    t = await startTestApp(dialect);
    expect((await t.as('programme').post(`${base()}/start-closing`, { version: await version() })).statusCode).toBe(200);
    await waiveAllGaps(t.world);
  });
  afterEach(async () => t.close());

  it('refuses every download before closure, then serves it to the project’s managers only', async () => {
    const before = { programme: 409, sysadmin: 409, pm: 409, investigator: 403, researcher: 403, dpr: 403, referee: 403, outsider: 404 };
    for (const format of ['html', 'pdf']) expect(await statuses((r) => t.as(r).get(`${base()}/closure/report/${format}`))).toEqual(before);
    expectError(await t.as('pm').get(`${base()}/closure/report/pdf`), 409, 'closure.report_not_ready');
    expect(await statuses((r) => t.as(r).get(`${base()}/closure/report`))).toEqual({ ...Object.fromEntries(ROLES.map((r) => [r, 200])), outsider: 404 });
    expect((await t.as('pm').get(`${base()}/closure/report`)).json()).toMatchObject({ projectStatus: 'closing', report: null, abilities: { download: false } });

    expect((await t.as('programme').post(`${base()}/close`, { version: await version() })).statusCode).toBe(200);
    const after = { programme: 200, sysadmin: 200, pm: 200, investigator: 403, researcher: 403, dpr: 403, referee: 403, outsider: 404 };
    for (const format of ['html', 'pdf']) expect(await statuses((r) => t.as(r).get(`${base()}/closure/report/${format}`))).toEqual(after);

    const info = (await t.as('pm').get(`${base()}/closure/report`)).json();
    expect(info).toMatchObject({ projectStatus: 'closed', abilities: { download: true } });
    expect((await t.as('investigator').get(`${base()}/closure/report`)).json().abilities).toEqual({ download: false });
    const pdf = await t.as('sysadmin').get(`${base()}/closure/report/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`closure-report-${t.world.projectId}.pdf`);
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(info.report.pdf.sha256);
    const html = await t.as('pm').get(`${base()}/closure/report/html`);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(createHash('sha256').update(html.rawPayload).digest('hex')).toBe(info.report.html.sha256);
    const event = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'closure_report.stored').executeTakeFirstOrThrow();
    expect(JSON.parse(event.summary)).toMatchObject({ htmlSha256: info.report.html.sha256, pdfSha256: info.report.pdf.sha256 });
  });

  it('refuses an API token', async () => {
    await t.signInAll('pm');
    const secret = (await createApiToken(t.world.users.pm?.ctx as never, { name: 'script', projectId: t.world.projectId, scopes: ['packages:read'] })).secret;
    const bearer = await t.app.inject({ method: 'GET', url: `${base()}/closure/report`, headers: { authorization: `Bearer ${secret}` }, remoteAddress: '10.2.2.2' });
    expectError(bearer, 403, 'token.scope');
  });
});
