/**
 * Check results replaced by a re-check (docs/design.md §7; docs/checks.md): when a package is checked
 * again under the settings in force, the results of its current file versions move here, whole
 * (preset, parameters, tool version, verdict and findings), with who asked, when and why. An
 * auditor can so compare what a file was found under the earlier settings with its new result
 * in `check_results`. Rows are only ever inserted.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('superseded_check_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_version_id', 'text', (c) => c.notNull().references('file_versions.id'))
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('tool_version', 'text', (c) => c.notNull())
    .addColumn('preset', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull()) // JSON
    .addColumn('result', 'text', (c) => c.notNull()) // JSON: the file record of the scan contract
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text', (c) => c.notNull())
    .addColumn('superseded_by', 'text', (c) => c.references('users.id')) // null: the system
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('superseded_check_results_version').on('superseded_check_results').column('file_version_id').execute();
  await db.schema.createIndex('superseded_check_results_package').on('superseded_check_results').column('package_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('superseded_check_results').execute();
}
