/**
 * The signed-in person's inbox and e-mail choices, and the managers' view of e-mail deliveries
 * (issue 14, docs/notifications.md):
 * - `getInbox`: what is waiting for them (the "waiting for me" list) and their events, newest
 *   first, with the unread count;
 * - `markNotificationRead` / `markAllNotificationsRead`: only their own (another person's is
 *   `notification.not_found`, as if it did not exist);
 * - `getNotificationSettings` / `changeNotificationSettings`: e-mail on or off per kind (on by
 *   default), audited `notification.settings_changed`;
 * - `listEmailDeliveries`: each e-mail's recipient, state and the SMTP server's reply, for
 *   system and programme managers (all) and project managers (their projects').
 */
import {
  type EmailDelivery,
  type Inbox,
  type MarkReadResponse,
  type Notification,
  type NotificationSettings,
  type UnreadCount,
  emailDeliveriesQuerySchema,
  inboxQuerySchema,
  updateNotificationSettingsSchema,
} from '../../common/contracts/notifications.contract';
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_LABELS } from '../../common/vocab/notifications';
import { appendAudit } from '../db/audit.repository';
import { countUnread, findNotification, listEmailDeliveries as listDeliveryRows, listNotificationsOf, listPreferences, markNotificationsRead, savePreferences } from '../db/notifications.repository';
import type { NotificationsTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { authorizeNotification, seesAllDeliveries } from '../policies/notification.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { listWaitingForMe } from './waiting-for-me.queries';

async function managesAProject(ctx: CommandContext): Promise<boolean> {
  if (!ctx.actor.userId) return false;
  const row = await ctx.db.selectFrom('participants').select('id').where('user_id', '=', ctx.actor.userId).where('role', '=', 'project_manager').where('removed_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

const subjectOf = async (ctx: CommandContext) => ({ actor: ctx.actor, managesAProject: await managesAProject(ctx) });

function toNotification(row: NotificationsTable): Notification {
  return { id: row.id, kind: row.kind, projectId: row.project_id, title: row.title, path: row.path, createdAt: row.created_at, readAt: row.read_at, emailStatus: row.email_status };
}

/** The inbox: waiting items, events (newest first) and the unread count. */
export async function getInbox(ctx: CommandContext, query: unknown): Promise<Inbox> {
  authorizeNotification('readInbox', await subjectOf(ctx));
  const q = parseInput(inboxQuerySchema, query ?? {});
  const userId = ctx.actor.userId as string;
  const events = await listNotificationsOf(ctx.db, userId, { unreadOnly: q.unread === 'true', limit: q.limit });
  return { unread: await countUnread(ctx.db, userId), waiting: await listWaitingForMe(ctx), events: events.map(toNotification) };
}

/** The counts the bell shows: unread events and waiting items. */
export async function countInbox(ctx: CommandContext): Promise<UnreadCount> {
  authorizeNotification('readInbox', await subjectOf(ctx));
  const userId = ctx.actor.userId as string;
  return { unread: await countUnread(ctx.db, userId), waiting: (await listWaitingForMe(ctx)).length };
}

/** Marks one of the caller's notifications read. Throws `notification.not_found` for anyone else's. */
export async function markNotificationRead(ctx: CommandContext, notificationId: string): Promise<MarkReadResponse> {
  authorizeNotification('readInbox', await subjectOf(ctx));
  const userId = ctx.actor.userId as string;
  const row = await findNotification(ctx.db, notificationId);
  if (!row || row.recipient_user_id !== userId) throw new DomainError('notification.not_found', 'No such notification');
  const marked = await inTransaction(ctx, (trx) => markNotificationsRead(trx, userId, [notificationId], nowIso(ctx)));
  return { marked, unread: await countUnread(ctx.db, userId) };
}

export async function markAllNotificationsRead(ctx: CommandContext): Promise<MarkReadResponse> {
  authorizeNotification('readInbox', await subjectOf(ctx));
  const userId = ctx.actor.userId as string;
  const marked = await inTransaction(ctx, (trx) => markNotificationsRead(trx, userId, 'all', nowIso(ctx)));
  return { marked, unread: await countUnread(ctx.db, userId) };
}

/** Every kind with whether the caller gets it by e-mail (on unless turned off). */
export async function getNotificationSettings(ctx: CommandContext, emailConfigured: boolean): Promise<NotificationSettings> {
  authorizeNotification('changeSettings', await subjectOf(ctx));
  const saved = new Map((await listPreferences(ctx.db, ctx.actor.userId as string)).map((p) => [p.kind, p.email]));
  return { emailConfigured, kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, label: NOTIFICATION_KIND_LABELS[kind], email: saved.get(kind) ?? true })) };
}

/** Turns e-mail on or off for the given kinds (the others keep their setting). */
export async function changeNotificationSettings(ctx: CommandContext, input: unknown, emailConfigured: boolean): Promise<NotificationSettings> {
  authorizeNotification('changeSettings', await subjectOf(ctx));
  const request = parseInput(updateNotificationSettingsSchema, input);
  const userId = ctx.actor.userId as string;
  await inTransaction(ctx, async (trx) => {
    await savePreferences(trx, userId, request.kinds, nowIso(ctx));
    await appendAudit(
      trx,
      auditBy(
        ctx,
        'notification.settings_changed',
        { type: 'user', id: userId },
        { emailOff: request.kinds.filter((k) => !k.email).map((k) => k.kind), emailOn: request.kinds.filter((k) => k.email).map((k) => k.kind) },
      ),
    );
  });
  return getNotificationSettings(ctx, emailConfigured);
}

/** E-mail deliveries, newest first: all for system and programme managers, their projects' for project managers. */
export async function listEmailDeliveries(ctx: CommandContext, query: unknown): Promise<{ deliveries: EmailDelivery[] }> {
  const subject = await subjectOf(ctx);
  authorizeNotification('viewDeliveries', subject);
  const q = parseInput(emailDeliveriesQuerySchema, query ?? {});
  let projectIds: string[] | undefined;
  if (!seesAllDeliveries(ctx.actor)) {
    const rows = await ctx.db
      .selectFrom('participants')
      .select('project_id')
      .where('user_id', '=', ctx.actor.userId as string)
      .where('role', '=', 'project_manager')
      .where('removed_at', 'is', null)
      .execute();
    projectIds = rows.map((r) => r.project_id);
  }
  const rows = await listDeliveryRows(ctx.db, { ...(q.status ? { status: q.status } : {}), ...(projectIds ? { projectIds } : {}), limit: q.limit });
  return {
    deliveries: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      projectId: r.project_id,
      recipientName: r.recipient_name,
      to: r.email_to,
      status: r.email_status,
      attempts: Number(r.email_attempts),
      error: r.email_error,
      createdAt: r.created_at,
      sentAt: r.email_sent_at,
    })),
  };
}
