/**
 * Who each kind of notification reaches (issue 14, docs/notifications.md), on SQLite and
 * PostgreSQL, through the real commands: the world's project from its creation to a released,
 * revoked report and a project left closing. Each kind reaches exactly the people it names and
 * no one else; emitting an event again stores nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../common/vocab/notifications';
import { ADDRESS_LISTS } from '../http/address-lists';
import { dispatchPendingEmails } from '../jobs/notification-email.worker';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld } from '../testing/factories';
import { approveReport } from '../testing/release-factory';
import { type TestServices, createTestServices } from '../testing/services';
import { addComment } from './comments.commands';
import { systemActor } from './context';
import { isClosureChecklistComplete } from './closure.queries';
import { notifyClosureOverdue, notifyExpiringLinks } from './notification-checks';
import { notifyWaiting } from './notification-events';
import { getPackage } from './packages.commands';
import { changeProjectStatus } from './projects.commands';
import { revokeRelease, getPackageRelease } from './releases.commands';
import { startRelease } from './release-start.commands';

const HOUR = 3600_000;

describe.each(TEST_DIALECTS)('who is notified on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  let services: TestServices;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
    services = await createTestServices(database, { clock: world.clock });
  }, 60_000);
  afterAll(async () => {
    await services.close();
    await database.close();
  });

  const keyOf = (userId: string | null): string => Object.entries(world.users).find(([, u]) => u.id === userId)?.[0] ?? String(userId);
  /** `person×count` (or the outside address) of every notification of the kind. */
  const reached = async (kind: NotificationKind): Promise<string[]> => {
    const rows = await database.db.selectFrom('notifications').select(['recipient_user_id', 'recipient_email']).where('kind', '=', kind).execute();
    const counts = new Map<string, number>();
    for (const r of rows) {
      const who = r.recipient_email ?? keyOf(r.recipient_user_id);
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    return [...counts].map(([who, n]) => `${who}×${n}`).sort();
  };
  const total = async () =>
    Number(
      (
        await database.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const system = () => ({ ...world.system, actor: systemActor('notifications') });

  it('asks each classifier, and only them, to classify each work package once', async () => {
    // Investigator and DPR classify the three work packages; nobody else owes an opinion.
    expect(await reached('classification_needed')).toEqual(['dpr×3', 'investigator×3']);
    const before = await total();
    await database.db.transaction().execute((trx) => notifyWaiting(trx, { ...world.system, db: trx }, world.projectId));
    expect(await total()).toBe(before);
  });

  it('tells reviewers, signers, authors and release managers along the way to approval', async () => {
    await approveReport(world, services);
    expect(await reached('review_needed')).toEqual(['dpr×1']);
    expect(await reached('sign_off_needed')).toEqual(['dpr×1', 'investigator×1']);
    // The author team hears of the approval; system managers release it. Not the DPR, referee, project or programme manager.
    expect(await reached('approved')).toEqual(['investigator×1', 'researcher×1', 'sysadmin×1']);
  });

  it('tells the author team of a public comment and nobody of a private one', async () => {
    const dpr = world.users.dpr?.ctx;
    if (!dpr) throw new Error('no dpr');
    await addComment(dpr, world.wp.report, { subjectType: 'package', subjectId: world.wp.report, visibility: 'private', body: 'Only for reviewers.' });
    expect(await reached('comment')).toEqual([]);
    await addComment(dpr, world.wp.report, { subjectType: 'package', subjectId: world.wp.report, visibility: 'public', body: 'Looks fine to me.' });
    expect(await reached('comment')).toEqual(['investigator×1', 'researcher×1']);
  });

  it('tells the authors and the DPR of the release, and e-mails the link to the destination’s contact only once it is released', async () => {
    const manager = world.users.sysadmin?.ctx;
    if (!manager) throw new Error('no sysadmin');
    const projectName = (await database.db.selectFrom('projects').select('name').where('id', '=', world.projectId).executeTakeFirstOrThrow()).name;
    const started = await startRelease(manager, { addresses: ADDRESS_LISTS, startRelease: (id) => services.startRelease(id) }, world.wp.report, {
      confirmation: projectName,
      version: (await getPackage(manager, world.wp.report)).version,
      link: { maxDownloads: 3 },
    });
    const held = await database.db.selectFrom('notifications').selectAll().where('recipient_email', '=', 'team@example.org').execute();
    expect(held.map((n) => n.email_status)).toEqual(['held']);
    await services.settleReleases();
    expect((await getPackage(manager, world.wp.report)).status).toBe('released');
    expect(await reached('released')).toEqual(['dpr×1', 'investigator×1', 'researcher×1', 'team@example.org×1']);
    const contact = await database.db.selectFrom('notifications').selectAll().where('recipient_email', '=', 'team@example.org').executeTakeFirstOrThrow();
    expect(contact.email_status).toBe('pending');
    expect(contact.link_token).toBe(started.link?.token);
  });

  it('announces a link about to expire once, to the authors and the contact', async () => {
    const release = await getPackageRelease(world.users.sysadmin?.ctx as never, world.wp.report);
    const link = release.links[0];
    if (!link) throw new Error('no link');
    expect(await notifyExpiringLinks(system(), 1)).toBe(0);
    world.clock.advance(Date.parse(link.expiresAt) - world.clock.now().getTime() - HOUR / 2);
    expect(await notifyExpiringLinks(system(), 1)).toBe(1);
    expect(await notifyExpiringLinks(system(), 1)).toBe(0);
    expect(await reached('link_expiring')).toEqual(['investigator×1', 'researcher×1', 'team@example.org×1']);
    const outside = await database.db.selectFrom('notifications').selectAll().where('kind', '=', 'link_expiring').where('recipient_email', 'is not', null).executeTakeFirstOrThrow();
    expect(outside.link_token).toBeNull();
  });

  it('tells the authors, the DPR and the contact of a revocation', async () => {
    const manager = world.users.sysadmin?.ctx;
    if (!manager) throw new Error('no sysadmin');
    await revokeRelease(manager, { revokeSteps: {} }, world.wp.report, { version: (await getPackage(manager, world.wp.report)).version, reason: 'Wrong file released.' });
    expect(await reached('revoked')).toEqual(['dpr×1', 'investigator×1', 'researcher×1', 'team@example.org×1']);
  });

  it('marks pending e-mails off when no SMTP server is configured, keeping every notification in the inbox', async () => {
    const before = await total();
    const pending = Number(
      (
        await database.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('email_status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(pending).toBeGreaterThan(0);
    expect(await dispatchPendingEmails(services.jobs, system(), false)).toBe(pending);
    expect(await database.db.selectFrom('notifications').select('id').where('email_status', '=', 'pending').execute()).toEqual([]);
    expect(await total()).toBe(before);
  });

  it('reminds the project manager and the programme managers every N days a project stays closing', async () => {
    const programme = world.users.programme?.ctx;
    if (!programme) throw new Error('no programme manager');
    const project = await database.db.selectFrom('projects').select('version').where('id', '=', world.projectId).executeTakeFirstOrThrow();
    await changeProjectStatus(programme, world.projectId, 'start_closing', { version: project.version }, undefined);
    expect(await notifyClosureOverdue(system(), 14)).toBe(0);
    world.clock.advance(14 * 24 * HOUR);
    // The server asks the closure checklist, which has gaps here (no inventory, unclassified work packages).
    const probe = (projectId: string) => isClosureChecklistComplete(database.db, projectId, world.clock.now().toISOString());
    expect(await notifyClosureOverdue(system(), 14, probe)).toBe(1);
    expect(await notifyClosureOverdue(system(), 14)).toBe(0);
    expect(await reached('closure_incomplete')).toEqual(['pm×1', 'programme×1']);
    // The closure checklist can say that nothing is missing: no reminder then.
    world.clock.advance(14 * 24 * HOUR);
    expect(await notifyClosureOverdue(system(), 14, async () => true)).toBe(0);
    expect(await notifyClosureOverdue(system(), 14)).toBe(1);
    expect(await reached('closure_incomplete')).toEqual(['pm×2', 'programme×2']);
  });
});
