/**
 * Disclosure-check settings per project (docs/design.md §7): the preset and parameter overrides the
 * checks stage uses for the project, and per tier of the work package. One row per project
 * that has changed them; a project without a row uses the installation default (CHECK_PRESET).
 * `version` guards concurrent edits, as on other project settings.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('project_check_settings')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
    .addColumn('preset', 'text') // null: the installation default
    .addColumn('parameters', 'text', (c) => c.notNull()) // JSON: parameter overrides
    .addColumn('tiers', 'text', (c) => c.notNull()) // JSON: { "0".."4": { preset, parameters } }
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project_check_settings').execute();
}
