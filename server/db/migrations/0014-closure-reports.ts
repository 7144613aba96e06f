/**
 * The closure report of each closed project (issue 14, docs/closure.md "Closure report"): the
 * blob keys (sha256) and sizes of its HTML and PDF, and the audit chain's head it states. One row
 * per project, written in the transaction that closes it, never changed.
 *
 * Numbered 0014: 0013 is left to the notifications work on another branch.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('closure_reports')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('generated_by', 'text') // null: the CLI
    .addColumn('html_sha256', 'text', (c) => c.notNull())
    .addColumn('html_bytes', 'bigint', (c) => c.notNull())
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .addColumn('pdf_bytes', 'bigint', (c) => c.notNull())
    .addColumn('chain_head_seq', 'bigint', (c) => c.notNull())
    .addColumn('chain_head_hash', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('closure_reports').execute();
}
