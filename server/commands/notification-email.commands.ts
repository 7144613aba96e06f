/**
 * Sending one notification's e-mail (the `notification.email` job's work; docs/notifications.md):
 * - an e-mail no longer pending (sent, refused, given up) is left alone, so a job that runs twice
 *   sends once;
 * - sent → `sent`; refused for good by the SMTP server (5xx) → `refused` with its reply, audited
 *   `notification.email_refused` and visible to managers; anything else throws, and the queue
 *   tries again with back-off;
 * - `recordEmailGivenUp` (the job's last failure) → `failed`, audited `notification.email_failed`.
 * The release link's token is erased with the outcome. Audit details carry the notification, its
 * kind and the reply, never the message or a token.
 */
import { appendAudit } from '../db/audit.repository';
import { countEmailAttempt, findNotification, recordEmailOutcome } from '../db/notifications.repository';
import { composeEmail } from '../domain/notifications/compose-email';
import type { Mailer } from '../ports/mailer';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';

export interface EmailDeps {
  mailer: Mailer;
  publicBaseUrl: string;
  /** The domain of the Message-IDs (from the sender's address). */
  messageIdDomain: string;
}

/** Sends the notification's e-mail if it is still pending. Throws for a failure worth retrying. */
export async function sendNotificationEmail(ctx: CommandContext, deps: EmailDeps, notificationId: string): Promise<'sent' | 'refused' | 'skipped'> {
  const row = await findNotification(ctx.db, notificationId);
  if (!row || row.email_status !== 'pending' || !row.email_to) return 'skipped';
  if (!(await countEmailAttempt(ctx.db, row.id))) return 'skipped';
  const email = composeEmail({ id: row.id, kind: row.kind, title: row.title, path: row.path, outsideRecipient: row.recipient_user_id === null, linkToken: row.link_token }, deps.publicBaseUrl);
  const result = await deps.mailer.send({ to: row.email_to, ...email, messageId: `<${row.id}@${deps.messageIdDomain}>` });
  if (result.outcome === 'sent') {
    await recordEmailOutcome(ctx.db, row.id, { status: 'sent', sentAt: nowIso(ctx) });
    return 'sent';
  }
  await inTransaction(ctx, async (trx) => {
    if (await recordEmailOutcome(trx, row.id, { status: 'refused', error: result.reply })) {
      await appendAudit(trx, auditBy(ctx, 'notification.email_refused', { type: 'notification', id: row.id, projectId: row.project_id }, { kind: row.kind, reply: result.reply }));
    }
  });
  return 'refused';
}

/** Records that every attempt failed (the server never took the e-mail). */
export async function recordEmailGivenUp(ctx: CommandContext, notificationId: string, error: string): Promise<void> {
  const row = await findNotification(ctx.db, notificationId);
  if (!row) return;
  await inTransaction(ctx, async (trx) => {
    if (await recordEmailOutcome(trx, notificationId, { status: 'failed', error: error.slice(0, 500) })) {
      await appendAudit(trx, auditBy(ctx, 'notification.email_failed', { type: 'notification', id: row.id, projectId: row.project_id }, { kind: row.kind, error: error.slice(0, 500) }));
    }
  });
}

/** Without e-mail configured, pending e-mails are marked `off` (the inbox has them). */
export async function markEmailsOff(ctx: CommandContext, ids: readonly string[]): Promise<void> {
  for (const id of ids) await recordEmailOutcome(ctx.db, id, { status: 'off', error: 'e-mail is not configured (SMTP_HOST is not set)' });
}
