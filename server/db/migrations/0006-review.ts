/**
 * Review and approval (docs/design.md §4, §5, §6; issue 10): who is on a package's author team, each
 * reviewer's per-file decisions and submitted reviews per turn, comment threads, the answers to
 * blocking and review-level findings (exception requests, overrides, refusals,
 * acknowledgements), sign-offs bound to a content digest, the storage and redaction decisions of
 * a high-tier handover, the agreed outcome of a temporarily removed item, classifiers'
 * confirmations of their opinion after the content changed, and where each file version came
 * from. Rows are only ever inserted or marked (voided, superseded, retracted), never deleted.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  // The network address a version was uploaded or pushed from (null: the output area or the system).
  await db.schema.alterTable('file_versions').addColumn('origin_address', 'text').execute();

  // The agreed outcome of a temporarily removed item (reinstate after redaction, keep inside).
  await db.schema.alterTable('removals').addColumn('outcome', 'text').execute();
  await db.schema
    .alterTable('removals')
    .addColumn('outcome_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.alterTable('removals').addColumn('outcome_at', 'text').execute();

  await db.schema
    .createTable('package_authors')
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull()) // 'submitted' | 'added_file' | 'edited_context' | 'draft_role'
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('package_authors_pk', ['package_id', 'user_id', 'reason'])
    .execute();
  // Packages that exist already: their authors from what is recorded (versions added, submissions, context edits).
  await sql`insert into package_authors (package_id, user_id, reason, first_at)
    select package_id, created_by, 'added_file', min(created_at) from file_versions where created_by is not null group by package_id, created_by`.execute(db);
  await sql`insert into package_authors (package_id, user_id, reason, first_at)
    select id, submitted_by, 'submitted', submitted_at from packages where submitted_by is not null and submitted_at is not null`.execute(db);
  await sql`insert into package_authors (package_id, user_id, reason, first_at)
    select object_id, actor_id, 'edited_context', min(at) from audit_events
    where action = 'package.context_updated' and actor_id is not null group by object_id, actor_id`.execute(db);

  await db.schema
    .createTable('file_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('package_files.id'))
    .addColumn('file_version_id', 'text', (c) => c.notNull().references('file_versions.id'))
    .addColumn('turn', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decision', 'text', (c) => c.notNull()) // 'approve' | 'request_changes' | 'must_not_leave'
    .addColumn('reason_code', 'text') // required unless approve
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('carried_from', 'text') // the review of an earlier turn this one carries over
    .addColumn('superseded_at', 'text') // replaced by the same reviewer's later decision
    .execute();
  await db.schema.createIndex('file_reviews_package_turn').on('file_reviews').columns(['package_id', 'turn']).execute();

  await db.schema
    .createTable('review_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('turn', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('review_submissions_once', ['package_id', 'turn', 'reviewer_id'])
    .execute();

  await db.schema
    .createTable('package_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull()) // 'package' | 'file' | 'removal'
    .addColumn('subject_id', 'text', (c) => c.notNull()) // the package, file or removal id
    .addColumn('turn', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('visibility', 'text', (c) => c.notNull()) // 'public' | 'private'
    .addColumn('body', 'text', (c) => c.notNull()) // Markdown, rendered safely
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retracted_at', 'text')
    .addColumn('retracted_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('package_comments_package').on('package_comments').columns(['package_id', 'created_at']).execute();

  await db.schema
    .createTable('finding_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('file_version_id', 'text', (c) => c.notNull().references('file_versions.id'))
    .addColumn('finding_key', 'text', (c) => c.notNull()) // stable hash of rule + location + entry path
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'exception_request' | 'override' | 'refusal' | 'acknowledgement'
    .addColumn('by_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema.createIndex('finding_responses_package').on('finding_responses').columns(['package_id', 'file_version_id']).execute();

  await db.schema
    .createTable('sign_offs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('turn', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull()) // 'investigator' | 'data_provider_representative' | 'referee'
    .addColumn('digest', 'text', (c) => c.notNull()) // the content digest signed
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .addColumn('void_cause', 'text')
    .execute();
  await db.schema.createIndex('sign_offs_package').on('sign_offs').columns(['package_id', 'voided_at']).execute();

  await db.schema
    .createTable('storage_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('custodian', 'text', (c) => c.notNull())
    .addColumn('protection', 'text', (c) => c.notNull())
    .addColumn('retention', 'text', (c) => c.notNull())
    .addColumn('review_date', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .execute();

  await db.schema
    .createTable('storage_decision_agreements')
    .addColumn('decision_id', 'text', (c) => c.notNull().references('storage_decisions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('agreed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('storage_decision_agreements_pk', ['decision_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('redaction_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('package_files.id'))
    .addColumn('file_version_id', 'text', (c) => c.notNull().references('file_versions.id'))
    .addColumn('decision', 'text', (c) => c.notNull()) // 'release_as_is' | 'redacted' | 'keep_inside'
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .execute();

  await db.schema
    .createTable('opinion_confirmations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_package_id', 'text', (c) => c.notNull().references('work_packages.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('classifier_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_confirmations_wp').on('opinion_confirmations').columns(['work_package_id', 'round']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'opinion_confirmations',
    'redaction_decisions',
    'storage_decision_agreements',
    'storage_decisions',
    'sign_offs',
    'finding_responses',
    'package_comments',
    'review_submissions',
    'file_reviews',
    'package_authors',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('removals').dropColumn('outcome_at').execute();
  await db.schema.alterTable('removals').dropColumn('outcome_by').execute();
  await db.schema.alterTable('removals').dropColumn('outcome').execute();
  await db.schema.alterTable('file_versions').dropColumn('origin_address').execute();
}
