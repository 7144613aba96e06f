/**
 * Notification e-mail end to end (issue 14), on SQLite and PostgreSQL: a real SMTP server
 * in-process (smtp-server), whose messages are parsed with mailparser. The world's report goes
 * from creation to release with the SMTP server down; once it is up, every pending e-mail arrives
 * exactly once, an opted-out kind sends nothing, the address the server refuses (550 at RCPT) is
 * recorded as refused and shown to managers, and no e-mail carries file content or a token other
 * than the release link for its recipient.
 */
import { createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../commands/context';
import { changeNotificationSettings, listEmailDeliveries } from '../commands/notifications.commands';
import { notifyClosureOverdue } from '../commands/notification-checks';
import { getPackage } from '../commands/packages.commands';
import { changeProjectStatus } from '../commands/projects.commands';
import { startRelease } from '../commands/release-start.commands';
import { smtpMailer } from '../delivery/smtp-mailer';
import { ADDRESS_LISTS } from '../http/address-lists';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld } from '../testing/factories';
import { approveReport } from '../testing/release-factory';
import { type TestServices, createTestServices } from '../testing/services';
import { EMAIL_QUEUE, dispatchPendingEmails, registerNotificationEmail } from './notification-email.worker';

const BASE = 'https://egress.haven.example.org';
const FILE_MARKER = 'CONFIDENTIAL-ROW-7731';
const REFUSED = 'nobody-here@example.org';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe.each(TEST_DIALECTS)('notification e-mail on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  let services: TestServices;
  let port: number;
  let smtp: SMTPServer | undefined;
  const received: ParsedMail[] = [];
  const envelopes: string[][] = [];
  let releaseToken = '';

  const startSmtp = async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address === REFUSED) {
          const error = new Error('5.1.1 No such mailbox') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            envelopes.push(session.envelope.rcptTo.map((r) => r.address));
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp?.listen(port, '127.0.0.1', resolve));
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
    services = await createTestServices(database, { clock: world.clock });
    port = await freePort();
    const mailer = smtpMailer({ host: '127.0.0.1', port, security: 'none', user: null, password: null, from: 'Egress <egress@haven.example.org>', timeoutMs: 2_000 });
    await registerNotificationEmail(services.jobs, { db: database.db, clock: world.clock, actor: systemActor('notifications') }, { mailer, publicBaseUrl: BASE, messageIdDomain: 'haven.example.org' });
    // The researcher wants no e-mail about approvals; the project manager's address is refused by the server.
    const researcher = world.users.researcher?.ctx;
    if (!researcher) throw new Error('no researcher');
    await changeNotificationSettings(researcher, { kinds: [{ kind: 'approved', email: false }] }, true);
    await database.db
      .updateTable('users')
      .set({ email: REFUSED })
      .where('id', '=', world.users.pm?.id as string)
      .execute();
    await approveReport(world, services, { 'report.md': `# Report\n\n${FILE_MARKER}: 3 people\n` });
    const manager = world.users.sysadmin?.ctx;
    if (!manager) throw new Error('no sysadmin');
    const name = (await database.db.selectFrom('projects').select('name').where('id', '=', world.projectId).executeTakeFirstOrThrow()).name;
    const started = await startRelease(manager, { addresses: ADDRESS_LISTS, startRelease: (id) => services.startRelease(id) }, world.wp.report, {
      confirmation: name,
      version: (await getPackage(manager, world.wp.report)).version,
      link: { maxDownloads: 2 },
    });
    releaseToken = started.link?.token ?? '';
    await services.settleReleases();
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await services.close();
    await database.close();
  });

  const ctx = () => ({ db: database.db, clock: world.clock, actor: systemActor('notifications') });

  it('keeps e-mails while the SMTP server is down and delivers each exactly once when it is back', async () => {
    const pending = await database.db.selectFrom('notifications').select(['id', 'email_to']).where('email_status', '=', 'pending').execute();
    expect(pending.length).toBeGreaterThan(5);
    const retry = { maxAttempts: 12, backoffMs: 100 };
    expect(await dispatchPendingEmails(services.jobs, ctx(), true, retry)).toBe(pending.length);
    // Dispatching again queues nothing twice.
    expect(await dispatchPendingEmails(services.jobs, ctx(), true, retry)).toBe(0);
    // Wait until the first attempts have failed against the closed port.
    for (let i = 0; i < 200; i += 1) {
      const tried = await database.db.selectFrom('notifications').select('id').where('email_attempts', '>', 0).execute();
      if (tried.length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(received).toEqual([]);
    await startSmtp();
    await services.jobs.drain(EMAIL_QUEUE, 60_000);
    const states = await database.db
      .selectFrom('notifications')
      .select(['email_status'])
      .where(
        'id',
        'in',
        pending.map((p) => p.id),
      )
      .execute();
    expect(states.filter((s) => s.email_status === 'pending')).toEqual([]);
    const sent = await database.db.selectFrom('notifications').select(['id', 'email_to']).where('email_status', '=', 'sent').execute();
    expect(received.length).toBe(sent.length);
    const ids = received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sent.map((s) => `<${s.id}@haven.example.org>`).sort()).toEqual([...ids].sort());
  }, 90_000);

  it('honours a person’s opt-out: the researcher gets no approval e-mail but sees it in the inbox', async () => {
    const researcherMail = received.filter((m, i) => envelopes[i]?.includes(world.users.researcher?.email as string));
    expect(researcherMail.length).toBeGreaterThan(0);
    expect(researcherMail.some((m) => m.subject?.startsWith('Approved for release'))).toBe(false);
    const row = await database.db
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', 'approved')
      .where('recipient_user_id', '=', world.users.researcher?.id as string)
      .executeTakeFirstOrThrow();
    expect(row.email_status).toBe('off');
    const investigatorMail = received.filter((m, i) => envelopes[i]?.includes(world.users.investigator?.email as string));
    expect(investigatorMail.some((m) => m.subject?.startsWith('Approved for release'))).toBe(true);
  });

  it('sends the destination’s contact the release link and nothing else carries a token or file content', async () => {
    const contact = received.filter((m, i) => envelopes[i]?.includes('team@example.org'));
    expect(contact.map((m) => m.subject)).toEqual([expect.stringMatching(/^Released to you: /)]);
    expect(contact[0]?.text).toContain(`${BASE}/api/v1/links/${releaseToken}`);
    for (const [i, mail] of received.entries()) {
      const body = `${mail.subject}\n${mail.text}\n${mail.html || ''}`;
      expect(body).not.toContain(FILE_MARKER);
      expect(body).not.toMatch(/egr_[A-Za-z0-9_-]{10,}/);
      if (!envelopes[i]?.includes('team@example.org')) expect(body).not.toContain('egl_');
      const links = [...body.matchAll(/https?:\/\/[^\s"<]+/g)].map((m) => m[0]);
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${BASE}/`)).toBe(true);
      expect(envelopes[i]?.length).toBe(1);
    }
    const erased = await database.db.selectFrom('notifications').select('link_token').where('link_token', 'is not', null).execute();
    expect(erased).toEqual([]);
  });

  it('records an address the server refuses (550 at RCPT) and shows it to managers, not to others', async () => {
    // The project manager (address refused) is reminded of a project left closing.
    const programme = world.users.programme?.ctx;
    if (!programme) throw new Error('no programme manager');
    const version = (await database.db.selectFrom('projects').select('version').where('id', '=', world.projectId).executeTakeFirstOrThrow()).version;
    await changeProjectStatus(programme, world.projectId, 'start_closing', { version }, undefined);
    world.clock.advance(15 * 24 * 3600_000);
    expect(await notifyClosureOverdue(ctx(), 14)).toBe(1);
    await dispatchPendingEmails(services.jobs, ctx(), true, { maxAttempts: 12, backoffMs: 100 });
    await services.jobs.drain(EMAIL_QUEUE, 60_000);
    const refused = await database.db.selectFrom('notifications').selectAll().where('email_status', '=', 'refused').execute();
    expect(refused.map((r) => r.email_to)).toEqual([REFUSED]);
    expect(refused[0]?.email_error).toMatch(/550|No such mailbox/);
    expect(refused[0]?.email_attempts).toBe(1);
    const shown = await listEmailDeliveries(programme, { status: 'refused' });
    expect(shown.deliveries.map((d) => d.to)).toEqual([REFUSED]);
    const audit = await database.db.selectFrom('audit_events').select(['action', 'summary']).where('action', '=', 'notification.email_refused').execute();
    expect(audit.length).toBe(1);
    await expect(listEmailDeliveries(world.users.researcher?.ctx as never, {})).rejects.toMatchObject({ code: 'auth.forbidden' });
    // The programme manager's own reminder arrived.
    expect(received.some((m, i) => envelopes[i]?.includes(world.users.programme?.email as string) && /closing for 15 days/.test(m.subject ?? ''))).toBe(true);
  }, 90_000);
});
