/**
 * A project's lifecycle through the API — start closing, resume, close — and what a closing
 * or closed project still allows, on every dialect.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { waiveAllGaps } from '../../testing/closure';

describe.each(TEST_DIALECTS)('project lifecycle routes on %s', (dialect) => {
  let t: TestApp;
  let projectUrl: string;
  beforeEach(async () => {
    t = await startTestApp(dialect);
    projectUrl = `/api/v1/projects/${t.world.projectId}`;
  });
  afterEach(async () => t.close());

  const move = (action: string, version: number, key = 'programme') => t.as(key).post(`${projectUrl}/${action}`, { version });
  const versionNow = async () => (await t.as('programme').get(projectUrl)).json().project.version as number;

  it('lets a programme manager start closing, resume and close a project, auditing each move', async () => {
    // The closure checklist is closure.commands.test.ts's subject: here every gap is waived.
    await waiveAllGaps(t.world);
    const closing = await move('start-closing', 1);
    expect(closing.statusCode).toBe(200);
    expect(closing.json().project).toMatchObject({ status: 'closing', version: 2 });
    expect(closing.json().abilities).toMatchObject({ view: true, manageParticipants: true, changeStatus: true });
    expect((await move('resume', 2)).json().project).toMatchObject({ status: 'active', version: 3 });
    await move('start-closing', 3);
    const closed = await move('close', 4);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().project.status).toBe('closed');
    expect(closed.json().abilities.changeStatus).toBe(false);
    const actions = (await t.as('programme').get(`${projectUrl}/audit?limit=4`)).json().events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['project.closed', 'project.closing_started', 'project.resumed', 'project.closing_started']);
  });

  it('refuses a move the lifecycle does not list with workflow.invalid_transition and changes nothing', async () => {
    await t.signInAll('programme');
    const before = await t.counts();
    expectError(await move('close', 1), 409, 'workflow.invalid_transition');
    expectError(await move('resume', 1), 409, 'workflow.invalid_transition');
    expect(await t.counts()).toEqual(before);
    expect(await versionNow()).toBe(1);
  });

  it('refuses a stale version with conflict.stale_version and changes nothing', async () => {
    await move('start-closing', 1);
    const before = await t.counts();
    expectError(await move('resume', 1), 409, 'conflict.stale_version');
    expect(await t.counts()).toEqual(before);
    expect((await t.as('programme').get(projectUrl)).json().project.status).toBe('closing');
  });

  it('refuses the project manager and a system manager with auth.forbidden, and an outsider with project.not_found', async () => {
    await t.signInAll('pm', 'sysadmin', 'outsider');
    const before = await t.counts();
    expectError(await move('start-closing', 1, 'pm'), 403, 'auth.forbidden');
    expectError(await move('start-closing', 1, 'sysadmin'), 403, 'auth.forbidden');
    expectError(await move('start-closing', 1, 'outsider'), 404, 'project.not_found');
    expect(await t.counts()).toEqual(before);
  });

  it('refuses a missing or wrongly typed version as invalid input', async () => {
    expectError(await t.as('programme').post(`${projectUrl}/start-closing`, {}), 422, 'validation.invalid_input');
    expectError(await t.as('programme').post(`${projectUrl}/start-closing`, { version: 'one' }), 422, 'validation.invalid_input');
  });

  it('refuses every change to a closed project with project.closed but still shows it', async () => {
    await waiveAllGaps(t.world);
    await move('start-closing', 1);
    await move('close', 2);
    await t.signInAll('pm', 'investigator');
    const before = await t.counts();
    expectError(await move('resume', 3), 409, 'project.closed');
    expectError(await t.as('pm').post(`${projectUrl}/participants`, { email: 'outsider@example.org', role: 'referee' }), 409, 'project.closed');
    expectError(await t.as('investigator').post(`${projectUrl}/work-packages`, { name: 'Late' }), 409, 'project.closed');
    expectError(await t.as('investigator').post(`/api/v1/work-packages/${t.world.wp.report}/opinions`, { path: pathFor(1) }), 409, 'project.closed');
    expect(await t.counts()).toEqual(before);
    expect((await t.as('investigator').get(projectUrl)).statusCode).toBe(200);
    expect((await t.as('investigator').get(`${projectUrl}/audit`)).statusCode).toBe(200);
  });

  it('lets the classifiers classify an egress work package while the project is closing', async () => {
    await move('start-closing', 1);
    const url = `/api/v1/work-packages/${t.world.wp.handover}/opinions`;
    expect((await t.as('investigator').post(url, { path: pathFor(1) })).statusCode).toBe(201);
    const res = await t.as('dpr').post(url, { path: pathFor(1) });
    expect(res.statusCode).toBe(201);
    expect(res.json().workPackage).toMatchObject({ status: 'classified', tier: 1 });
  });
});
