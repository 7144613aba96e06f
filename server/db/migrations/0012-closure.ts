/**
 * Project closure (issue 14, docs/closure.md): the inventory of each project's output area
 * (one row per file: size, modification time, the store's etag for container prefixes, and
 * the sha256 once hashed), the inventory refreshes (each run of the background job, with its
 * counts), the fates people give output-area files (retained inside or discarded, with a reason),
 * and the checklist items a programme manager waives (with a reason). Marks and waivers are
 * never deleted: a newer one supersedes the earlier (`superseded_at`).
 *
 * Numbered 0012: 0011 is taken by the redaction work on another branch.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inventory_refreshes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('number', 'integer', (c) => c.notNull()) // 1, 2, … per project: the order of the runs
    .addColumn('output_area', 'text', (c) => c.notNull()) // the setting inventoried: a run of another area does not count
    .addColumn('requested_by', 'text') // null: the schedule or the CLI
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // 'queued' | 'running' | 'done' | 'failed'
    .addColumn('files', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hashed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kept', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unreadable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('inventory_refreshes_project').on('inventory_refreshes').columns(['project_id', 'number']).unique().execute();

  await db.schema
    .createTable('output_area_inventory')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('mtime_ms', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text') // container prefixes only
    .addColumn('sha256', 'text') // null: could not be read at the last refresh
    .addColumn('hashed_at', 'text')
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('output_area_inventory_pk', ['project_id', 'path'])
    .execute();
  await db.schema.createIndex('output_area_inventory_sha').on('output_area_inventory').columns(['project_id', 'sha256']).execute();

  await db.schema
    .createTable('closure_file_marks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('fate', 'text', (c) => c.notNull()) // 'retained' | 'discarded'
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'text') // null: the CLI
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema.createIndex('closure_file_marks_path').on('closure_file_marks').columns(['project_id', 'path']).execute();

  await db.schema
    .createTable('closure_waivers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('code', 'text', (c) => c.notNull()) // the gap's code, e.g. 'closure.link_open'
    .addColumn('item_key', 'text', (c) => c.notNull()) // the item: a package, work package, link or project id
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('waived_by', 'text') // null: the CLI
    .addColumn('waived_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema.createIndex('closure_waivers_item').on('closure_waivers').columns(['project_id', 'code', 'item_key']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['closure_waivers', 'closure_file_marks', 'output_area_inventory', 'inventory_refreshes']) await db.schema.dropTable(table).execute();
}
