/**
 * Redaction inside the product (issue 13, docs/redaction.md): a file version may now come from a
 * redaction of an earlier one (`file_versions.source = 'redaction'`; the column is text, so only
 * the vocabulary changes). Each redacted version has one provenance record (what it was made from,
 * both hashes, the operation and its parameters, who, when, why, the findings it was meant to
 * resolve and the change list); a reviewer's proposed redaction waits in `redaction_proposals`
 * until the author team accepts or declines it. Rows are only inserted or marked, never deleted.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('redaction_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('package_files.id'))
    .addColumn('original_version_id', 'text', (c) => c.notNull().references('file_versions.id'))
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    .addColumn('result_sha256', 'text', (c) => c.notNull()) // the proposed bytes' blob key
    .addColumn('result_bytes', 'bigint', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull()) // JSON object
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull()) // JSON [{findingKey, rule}]
    .addColumn('outcome', 'text', (c) => c.notNull()) // JSON {changeCount, changes, notes}
    .addColumn('review_turn', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // 'pending' | 'accepted' | 'declined'
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_comment', 'text')
    .addColumn('result_version_id', 'text', (c) => c.references('file_versions.id'))
    .execute();
  await db.schema.createIndex('redaction_proposals_package').on('redaction_proposals').columns(['package_id', 'proposed_at']).execute();

  await db.schema
    .createTable('redaction_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('package_files.id'))
    .addColumn('file_version_id', 'text', (c) => c.notNull().unique().references('file_versions.id')) // the redacted version
    .addColumn('original_version_id', 'text', (c) => c.notNull().references('file_versions.id'))
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    .addColumn('result_sha256', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull()) // JSON object
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull()) // JSON [{findingKey, rule}]
    .addColumn('outcome', 'text', (c) => c.notNull()) // JSON {changeCount, changes, notes}
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id')) // who ran the operation (author, or proposing reviewer)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.references('redaction_proposals.id'))
    .execute();
  await db.schema.createIndex('redaction_records_package').on('redaction_records').column('package_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('redaction_records').execute();
  await db.schema.dropTable('redaction_proposals').execute();
}
