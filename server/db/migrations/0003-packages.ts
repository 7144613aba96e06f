/**
 * Egress packages (docs/design.md §5): the package of each egress work package, its files and their
 * immutable versions, the temporarily-removed register, check results per file version, resumable
 * uploads, personal API tokens, the embedded job queue, and each project's output area.
 * Byte counts are bigint (files reach tens of GiB); PostgreSQL returns them as strings, which the
 * repositories turn into numbers.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('output_area', 'text').execute();

  await db.schema
    .createTable('packages')
    .addColumn('id', 'text', (c) => c.primaryKey().references('work_packages.id')) // the work package's id
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull()) // JSON, see common/contracts/packages.contract.ts
    .addColumn('review_turn', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('failed_stage', 'text') // 'checking' | 'releasing' while failed
    .addColumn('failure_reason', 'text')
    .addColumn('status_comment', 'text') // the public comment of the last return, retention, rejection or revocation
    .addColumn('file_count', 'integer', (c) => c.notNull().defaultTo(0)) // files in the package (not taken out), kept with each change
    .addColumn('total_bytes', 'bigint', (c) => c.notNull().defaultTo(0)) // their current versions' bytes
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('packages_failed_has_reason', sql`status <> 'failed' or (failure_reason is not null and failed_stage is not null)`)
    .execute();
  await db.schema.createIndex('packages_project').on('packages').column('project_id').execute();
  // Egress work packages that exist already get their (empty) package.
  await sql`insert into packages (id, project_id, status, context, review_turn, file_count, total_bytes, version, created_at, updated_at)
    select id, project_id, 'draft', '{}', 0, 0, 0, 1, created_at, created_at from work_packages where kind <> 'ingress'`.execute(db);

  await db.schema
    .createTable('package_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('path', 'text', (c) => c.notNull()) // NFC, '/'-separated, relative
    .addColumn('path_key', 'text', (c) => c.notNull()) // case-folded path: two files may not differ only in case
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull()) // of the current version, for package totals
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0)) // on the temporarily-removed register
    .addColumn('deleted_at', 'text') // taken out of the package while editable; history kept
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('package_files_path', ['package_id', 'path_key'])
    .execute();

  await db.schema
    .createTable('file_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().references('package_files.id'))
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // 'upload' | 'output_area'
    .addColumn('source_path', 'text') // output-area path it was copied from
    .addColumn('source_mtime_ms', 'bigint') // its modification time when copied
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('file_versions_number', ['file_id', 'number'])
    .execute();
  await db.schema.createIndex('file_versions_package').on('file_versions').column('package_id').execute();
  await db.schema.createIndex('file_versions_sha256').on('file_versions').column('sha256').execute();
  await db.schema.createIndex('file_versions_source').on('file_versions').columns(['source_path']).execute();

  await db.schema
    .createTable('removals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('package_files.id'))
    .addColumn('version_number', 'integer', (c) => c.notNull()) // the version that was removed
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('removed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .addColumn('reinstated_by', 'text', (c) => c.references('users.id'))
    .addColumn('reinstated_at', 'text')
    .addColumn('reinstated_version', 'integer')
    .execute();
  await db.schema.createIndex('removals_package').on('removals').column('package_id').execute();

  await db.schema
    .createTable('check_results')
    .addColumn('file_version_id', 'text', (c) => c.primaryKey().references('file_versions.id'))
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // checked | unreadable | skipped
    .addColumn('verdict', 'text', (c) => c.notNull()) // pass | review | block
    .addColumn('tool_version', 'text', (c) => c.notNull())
    .addColumn('preset', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull()) // JSON
    .addColumn('result', 'text', (c) => c.notNull()) // JSON: the file record of the scan contract
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('check_results_package').on('check_results').column('package_id').execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the tus upload id
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('expected_sha256', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('file_version_id', 'text', (c) => c.references('file_versions.id'))
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique()) // sha256 of the secret; the secret is shown once
    .addColumn('prefix', 'text', (c) => c.notNull()) // first characters, to recognise a token in a list
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull()) // JSON array of action names
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON
    .addColumn('state', 'text', (c) => c.notNull()) // queued | active | completed | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('backoff_ms', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['queue', 'state', 'run_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Package records cannot be removed once recorded.');
}
