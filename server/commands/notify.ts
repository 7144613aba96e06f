/**
 * `notify()`: the one way to emit a notification (issue 14, docs/notifications.md). Called inside
 * the transaction of the change that causes it, so the notification exists exactly when the
 * change does. It stores one row per recipient — a person (their inbox, and an e-mail unless they
 * turned the kind off) or an outside address (e-mail only: a destination's contact) — keyed by
 * `kind:occurrence:recipient`, so emitting the same event again stores nothing new and sends no
 * second e-mail. The e-mails are sent later by the notification e-mail job
 * (server/jobs/notification-email.worker.ts).
 *
 * Titles and paths must carry no file content, no finding values and no tokens: a title names the
 * project, work package or package; a path is where the web UI shows the subject.
 *
 * Example (what a closure check does):
 *   await notify(trx, ctx, {
 *     kind: 'closure_incomplete', projectId, subject: { type: 'project', id: projectId },
 *     title: 'Project “Alpha” has been closing for 14 days; its closure checklist is incomplete',
 *     path: `/projects/${projectId}`, occurrence: '2025-01-01T00:00:00.000Z:1', users: managerIds,
 *   });
 */
import type { NotificationKind } from '../../common/vocab/notifications';
import { newId } from '../db/ids';
import { emailOffKeys, insertNotifications } from '../db/notifications.repository';
import type { NotificationsTable, Tx } from '../db/schema';
import { type CommandContext, nowIso } from './context';

export interface NotificationEvent {
  kind: NotificationKind;
  projectId: string | null;
  subject: { type: 'package' | 'work_package' | 'project' | 'release' | 'release_link'; id: string };
  /** One line, shown in the inbox and as the e-mail's subject. No file content, finding values or tokens. */
  title: string;
  /** Where the web UI shows the subject, e.g. `/packages/<id>`. */
  path: string;
  /** What makes this event distinct from earlier ones of its kind and subject (a review turn, a release, a comment). */
  occurrence: string;
  /** People: their inbox, and e-mail unless turned off. */
  users?: readonly string[];
  /** Outside addresses (a destination's contact): e-mail only. */
  emails?: readonly string[];
  /** The release link's token, for the outside recipients' release e-mail only (erased once sent). */
  linkToken?: string;
  /** Outside e-mails wait (`held`) until `settleHeldEmails` releases or cancels them (a release in progress). */
  hold?: boolean;
  /** Leave out the person whose action caused the event (default true). */
  skipActor?: boolean;
}

/** Stores the event for each recipient (new ones only); returns how many rows were stored. */
export async function notify(trx: Tx, ctx: CommandContext, event: NotificationEvent): Promise<number> {
  const skipActor = event.skipActor ?? true;
  const userIds = [...new Set(event.users ?? [])].filter((id) => !(skipActor && id === ctx.actor.userId));
  const people = userIds.length === 0 ? [] : await trx.selectFrom('users').select(['id', 'email', 'disabled']).where('id', 'in', userIds).execute();
  const off = await emailOffKeys(trx, userIds);
  const at = nowIso(ctx);
  const base = {
    kind: event.kind,
    project_id: event.projectId,
    subject_type: event.subject.type,
    subject_id: event.subject.id,
    title: event.title,
    path: event.path,
    created_at: at,
    read_at: null,
    email_queued_at: null,
    email_attempts: 0,
    email_error: null,
    email_sent_at: null,
  };
  const rows: NotificationsTable[] = [];
  for (const person of people) {
    if (Number(person.disabled) === 1) continue;
    const wantsEmail = !off.has(`${person.id}:${event.kind}`);
    rows.push({
      ...base,
      id: newId(),
      event_key: `${event.kind}:${event.occurrence}:user:${person.id}`,
      recipient_user_id: person.id,
      recipient_email: null,
      email_status: wantsEmail ? 'pending' : 'off',
      email_to: wantsEmail ? person.email : null,
      link_token: null,
    });
  }
  for (const address of new Set((event.emails ?? []).map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))) {
    rows.push({
      ...base,
      id: newId(),
      event_key: `${event.kind}:${event.occurrence}:email:${address}`,
      recipient_user_id: null,
      recipient_email: address,
      email_status: event.hold ? 'held' : 'pending',
      email_to: address,
      link_token: event.linkToken ?? null,
    });
  }
  return insertNotifications(trx, rows);
}
