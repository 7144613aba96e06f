/**
 * An opinion may carry the classifier's explanation (issue 10 §4): when an answer contradicts
 * the package's findings (e.g. "no personal data" while e-mail addresses were found), the
 * opinion is accepted only with a written explanation, kept with it. Null when none was needed
 * or given.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('opinions').addColumn('explanation', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('opinions').dropColumn('explanation').execute();
}
