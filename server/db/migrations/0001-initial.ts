/** Initial schema: identity, projects, work packages, classification, audit. Dialect-neutral. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('system_role', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('question_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('question_sets_name_version', ['name', 'version'])
    .execute();

  await db.schema
    .createTable('tier_policies')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('environment_tier', 'integer', (c) => c.notNull())
    .addColumn('question_set_id', 'text', (c) => c.notNull().references('question_sets.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .execute();

  await db.schema
    .createTable('participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  // One active role per person per project; removed rows stay as history.
  await db.schema.createIndex('participants_one_active_role').on('participants').columns(['project_id', 'user_id']).unique().where(sql.ref('removed_at'), 'is', null).execute();

  await db.schema
    .createTable('datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('representative_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('work_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('tier', 'integer')
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('resolution', 'text')
    .addColumn('classified_at', 'text')
    .addColumn('policy_version', 'integer', (c) => c.references('tier_policies.version'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A classified work package always has a tier (docs/design.md §3.3), enforced by the database too.
    .addCheckConstraint('work_packages_classified_has_tier', sql`status <> 'classified' or tier is not null`)
    .execute();

  await db.schema
    .createTable('work_package_datasets')
    .addColumn('work_package_id', 'text', (c) => c.notNull().references('work_packages.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id'))
    .addPrimaryKeyConstraint('work_package_datasets_pk', ['work_package_id', 'dataset_id'])
    .execute();

  await db.schema
    .createTable('opinions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_package_id', 'text', (c) => c.notNull().references('work_packages.id'))
    .addColumn('classifier_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('question_set_id', 'text', (c) => c.notNull().references('question_sets.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema.createIndex('opinions_one_current').on('opinions').columns(['work_package_id', 'classifier_id', 'round']).unique().where(sql.ref('superseded_at'), 'is', null).execute();

  await db.schema
    .createTable('referee_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_package_id', 'text', (c) => c.notNull().references('work_packages.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('referee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('dpr_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('referee_approvals_once', ['work_package_id', 'round', 'referee_id', 'dpr_id'])
    .execute();

  await db.schema
    .createTable('discussion_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_package_id', 'text', (c) => c.notNull().references('work_packages.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('cause', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reopenings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_package_id', 'text', (c) => c.notNull().references('work_packages.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('previous_tier', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_project').on('audit_events').columns(['project_id', 'seq']).execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The initial migration cannot be reverted: it would destroy the audit trail.');
}
