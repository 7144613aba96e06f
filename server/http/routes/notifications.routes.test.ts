/**
 * The inbox, notification settings and e-mail deliveries over HTTP (issue 14), every world role
 * against every route, on SQLite and PostgreSQL: each person reads and marks only their own
 * notifications and sets only their own e-mail choices; only managers see e-mail deliveries
 * (project managers those of their projects).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbox, Notification } from '../../../common/contracts/notifications.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';

const ROLES = ['sysadmin', 'programme', 'investigator', 'researcher', 'dpr', 'referee', 'pm', 'outsider'] as const;
const MANAGERS = new Set(['sysadmin', 'programme', 'pm']);

describe.each(TEST_DIALECTS)('notification routes on %s', (dialect) => {
  let t: TestApp;
  const inbox = async (key: string): Promise<Inbox> => {
    const res = await t.as(key).get('/api/v1/me/notifications');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Inbox;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
  }, 60_000);
  afterAll(async () => t.close());

  it.each(ROLES)('gives %s their own inbox: waiting items, events and the unread count', async (key) => {
    const mine = await inbox(key);
    const classifies = key === 'investigator' || key === 'dpr';
    expect(mine.events.map((e) => e.kind)).toEqual(classifies ? ['classification_needed', 'classification_needed', 'classification_needed'] : []);
    expect(mine.unread).toBe(mine.events.length);
    expect(mine.waiting.filter((w) => w.kind === 'classify').length).toBe(classifies ? 3 : 0);
    const count = await t.as(key).get('/api/v1/me/notifications/count');
    expect(count.json()).toEqual({ unread: mine.unread, waiting: mine.waiting.length });
  });

  it('marks one notification read for its recipient only, then all of them', async () => {
    const [first] = (await inbox('investigator')).events as Notification[];
    if (!first) throw new Error('no notification');
    for (const other of ROLES.filter((k) => k !== 'investigator')) {
      expectError(await t.as(other).post(`/api/v1/me/notifications/${first.id}/read`), 404, 'notification.not_found');
    }
    const res = await t.as('investigator').post(`/api/v1/me/notifications/${first.id}/read`);
    expect(res.json()).toEqual({ marked: 1, unread: 2 });
    expect((await t.as('investigator').post(`/api/v1/me/notifications/${first.id}/read`)).json()).toEqual({ marked: 0, unread: 2 });
    expect((await t.as('investigator').post('/api/v1/me/notifications/read-all')).json()).toEqual({ marked: 2, unread: 0 });
    expect((await t.as('dpr').get('/api/v1/me/notifications?unread=true')).json().events).toHaveLength(3);
    expect((await t.as('investigator').get('/api/v1/me/notifications?unread=true')).json().events).toHaveLength(0);
  });

  it.each(ROLES)('lets %s turn e-mail off per kind for themselves, audited', async (key) => {
    const before = (await t.as(key).get('/api/v1/me/notification-settings')).json();
    expect(before.emailConfigured).toBe(false);
    expect(before.kinds.every((k: { email: boolean }) => k.email)).toBe(true);
    expect(before.kinds).toHaveLength(10);
    const res = await t.as(key).put('/api/v1/me/notification-settings', { kinds: [{ kind: 'comment', email: false }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .kinds.filter((k: { email: boolean }) => !k.email)
        .map((k: { kind: string }) => k.kind),
    ).toEqual(['comment']);
    // Nobody else's setting changed.
    const others = ROLES.filter((k) => k !== key);
    for (const other of others.slice(0, 1)) {
      const theirs = (await t.as(other).get('/api/v1/me/notification-settings')).json();
      expect(theirs.kinds.find((k: { kind: string }) => k.kind === 'comment').email).toBe(ROLES.indexOf(other) < ROLES.indexOf(key) ? false : true);
    }
    const audit = await t.world.db
      .selectFrom('audit_events')
      .select('summary')
      .where('action', '=', 'notification.settings_changed')
      .where('object_id', '=', t.world.users[key]?.id as string)
      .execute();
    expect(audit.map((a) => JSON.parse(a.summary))).toEqual([{ emailOff: ['comment'], emailOn: [] }]);
  });

  it('refuses an unknown kind and an empty change without changing anything', async () => {
    const counts = await t.counts();
    expectError(await t.as('researcher').put('/api/v1/me/notification-settings', { kinds: [{ kind: 'everything', email: false }] }), 422, 'validation.invalid_input');
    expectError(await t.as('researcher').put('/api/v1/me/notification-settings', { kinds: [] }), 422, 'validation.invalid_input');
    expect(await t.counts()).toEqual(counts);
  });

  it.each(ROLES)('shows e-mail deliveries to %s only if a manager', async (key) => {
    const res = await t.as(key).get('/api/v1/notification-deliveries');
    if (MANAGERS.has(key)) {
      expect(res.statusCode, res.body).toBe(200);
      // No SMTP scheduler in this app: the e-mails stay pending, each with its address.
      const to = res.json().deliveries.map((d: { to: string }) => d.to);
      expect(to).toEqual(expect.arrayContaining(['dpr@example.org', 'investigator@example.org']));
    } else {
      expectError(res, 403, 'auth.forbidden');
    }
  });

  it('shows a project manager only their projects’ deliveries', async () => {
    const other = await t.as('programme').post('/api/v1/projects', { name: 'Other project', environmentTier: 2 });
    expect(other.statusCode, other.body).toBe(201);
    const otherId = other.json().project.id as string;
    for (const [email, role] of [
      ['referee@example.org', 'investigator'],
      ['researcher@example.org', 'data_provider_representative'],
    ]) {
      expect((await t.as('programme').post(`/api/v1/projects/${otherId}/participants`, { email, role })).statusCode).toBe(201);
    }
    const dataset = await t.as('programme').post(`/api/v1/projects/${otherId}/datasets`, { name: 'B', providerName: 'Provider B', representativeUserId: t.world.users.researcher?.id });
    expect(dataset.statusCode, dataset.body).toBeLessThan(300);
    const all = (await t.as('programme').get('/api/v1/notification-deliveries')).json().deliveries as { projectId: string }[];
    const pm = (await t.as('pm').get('/api/v1/notification-deliveries')).json().deliveries as { projectId: string }[];
    expect(all.some((d) => d.projectId === otherId)).toBe(true);
    expect(pm.length).toBeGreaterThan(0);
    expect(pm.every((d) => d.projectId === t.world.projectId)).toBe(true);
  });
});
