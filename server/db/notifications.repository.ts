/**
 * Notifications and their e-mails (migration 0013, docs/notifications.md). Inserting ignores an
 * `event_key` already stored, so emitting the same event twice stores it once. Claiming e-mails to
 * queue and recording their outcome are single conditional UPDATEs, so two dispatchers or two runs
 * of one send job cannot both act on one e-mail.
 */
import type { EmailStatus, NotificationKind } from '../../common/vocab/notifications';
import type { Db, NotificationsTable, Tx } from './schema';

/** Stores the rows whose event_key is new; returns how many were stored. */
export async function insertNotifications(trx: Tx, rows: readonly NotificationsTable[]): Promise<number> {
  let stored = 0;
  for (const row of rows) {
    const result = await trx
      .insertInto('notifications')
      .values(row)
      .onConflict((oc) => oc.column('event_key').doNothing())
      .executeTakeFirst();
    stored += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return stored;
}

/** A person's notifications, newest first. */
export async function listNotificationsOf(db: Db, userId: string, options: { unreadOnly: boolean; limit: number }): Promise<NotificationsTable[]> {
  let query = db.selectFrom('notifications').selectAll().where('recipient_user_id', '=', userId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('recipient_user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks the person's notifications `ids` (or all of them) read at `at`; returns how many changed. */
export async function markNotificationsRead(trx: Tx, userId: string, ids: readonly string[] | 'all', at: string): Promise<number> {
  let query = trx.updateTable('notifications').set({ read_at: at }).where('recipient_user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    query = query.where('id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findNotification(db: Db, id: string): Promise<NotificationsTable | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The kinds each of `userIds` turned e-mail off for, as `userId:kind` keys. */
export async function emailOffKeys(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('notification_preferences').select(['user_id', 'kind']).where('user_id', 'in', userIds).where('email', '=', 0).execute();
  return new Set(rows.map((r) => `${r.user_id}:${r.kind}`));
}

export async function listPreferences(db: Db, userId: string): Promise<{ kind: NotificationKind; email: boolean }[]> {
  const rows = await db.selectFrom('notification_preferences').select(['kind', 'email']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ kind: r.kind, email: Number(r.email) === 1 }));
}

export async function savePreferences(trx: Tx, userId: string, kinds: readonly { kind: NotificationKind; email: boolean }[], at: string): Promise<void> {
  for (const k of kinds) {
    await trx
      .insertInto('notification_preferences')
      .values({ user_id: userId, kind: k.kind, email: k.email ? 1 : 0, updated_at: at })
      .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ email: k.email ? 1 : 0, updated_at: at }))
      .execute();
  }
}

/**
 * Claims up to `limit` pending e-mails for queueing: those never queued, and those queued before
 * `staleBefore` (their job was lost). Each claim is a conditional UPDATE, so a concurrent
 * dispatcher cannot claim the same e-mail. Returns the claimed ids.
 */
export async function claimPendingEmails(db: Db, at: string, staleBefore: string, limit: number): Promise<string[]> {
  const candidates = await db
    .selectFrom('notifications')
    .select(['id', 'email_queued_at'])
    .where('email_status', '=', 'pending')
    .where((eb) => eb.or([eb('email_queued_at', 'is', null), eb('email_queued_at', '<', staleBefore)]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
  const claimed: string[] = [];
  for (const c of candidates) {
    let update = db.updateTable('notifications').set({ email_queued_at: at }).where('id', '=', c.id).where('email_status', '=', 'pending');
    update = c.email_queued_at === null ? update.where('email_queued_at', 'is', null) : update.where('email_queued_at', '=', c.email_queued_at);
    if (Number((await update.executeTakeFirst()).numUpdatedRows) === 1) claimed.push(c.id);
  }
  return claimed;
}

/** Counts one sending attempt of a pending e-mail; false when it is no longer pending (sent, refused, given up). */
export async function countEmailAttempt(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set((eb) => ({ email_attempts: eb('email_attempts', '+', 1) }))
    .where('id', '=', id)
    .where('email_status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records how a pending e-mail ended (sent, refused, failed, off) and erases its link token, in
 * one conditional UPDATE: only the first outcome of an e-mail is kept.
 */
export async function recordEmailOutcome(db: Db | Tx, id: string, outcome: { status: Exclude<EmailStatus, 'pending' | 'held'>; error?: string | null; sentAt?: string | null }): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ email_status: outcome.status, email_error: outcome.error ?? null, email_sent_at: outcome.sentAt ?? null, link_token: null })
    .where('id', '=', id)
    .where('email_status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Releases (held → pending) or cancels (held → cancelled, token erased) the held e-mails of `subjectId`. */
export async function settleHeldEmails(trx: Tx, kind: NotificationKind, subjectId: string, to: 'pending' | 'cancelled'): Promise<number> {
  const result = await trx
    .updateTable('notifications')
    .set(to === 'pending' ? { email_status: 'pending' } : { email_status: 'cancelled', link_token: null })
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('email_status', '=', 'held')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** E-mails for the managers' view, newest first, optionally of one status and of some projects only. */
export async function listEmailDeliveries(
  db: Db,
  options: { status?: EmailStatus; projectIds?: readonly string[]; limit: number },
): Promise<(NotificationsTable & { recipient_name: string | null })[]> {
  let query = db.selectFrom('notifications').leftJoin('users', 'users.id', 'notifications.recipient_user_id').selectAll('notifications').select('users.name as recipient_name');
  query = options.status ? query.where('notifications.email_status', '=', options.status) : query.where('notifications.email_status', '<>', 'off');
  if (options.projectIds) {
    if (options.projectIds.length === 0) return [];
    query = query.where('notifications.project_id', 'in', options.projectIds);
  }
  return query.orderBy('notifications.created_at', 'desc').orderBy('notifications.id', 'desc').limit(options.limit).execute();
}
