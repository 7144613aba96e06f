/**
 * Notifications (issue 14, docs/notifications.md): one row per event and recipient — a person
 * (their inbox) or an outside address (a destination's contact, e-mail only) — with its e-mail
 * delivery state, and each person's per-kind e-mail choices. `event_key` is unique, so the same
 * event reaching the same recipient twice (a scheduled check running again, a retried command)
 * stores one row and sends one e-mail.
 */
import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // NOTIFICATION_KINDS
    .addColumn('project_id', 'text', (c) => c.references('projects.id'))
    .addColumn('recipient_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('recipient_email', 'text') // an outside recipient (a destination's contact); null for a person
    .addColumn('subject_type', 'text', (c) => c.notNull()) // package | work_package | project | release_link
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull()) // where the web UI shows the subject
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('email_status', 'text', (c) => c.notNull()) // EMAIL_STATUSES
    .addColumn('email_to', 'text')
    .addColumn('email_queued_at', 'text')
    .addColumn('email_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email_error', 'text')
    .addColumn('email_sent_at', 'text')
    // The download link's token for the recipient's release e-mail only; erased once the e-mail is sent or given up.
    .addColumn('link_token', 'text')
    .addCheckConstraint('notifications_one_recipient', sql`(recipient_user_id is null) <> (recipient_email is null)`)
    .execute();
  await db.schema.createIndex('notifications_inbox').on('notifications').columns(['recipient_user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_email_status').on('notifications').columns(['email_status', 'email_queued_at']).execute();
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull()) // 0: inbox only; 1: inbox and e-mail
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}
