/** Loads the built-in "turing" question set, tier policy version 1 and the audit chain's head. */
import type { Kysely } from 'kysely';
import { DEFAULT_TIER_POLICY } from '../../domain/tier-policy';
import { toGraph } from '../../domain/classification/question-set';
import { TURING_QUESTION_SET } from '../../domain/classification/turing.question-set';
import { GENESIS_HASH } from '../audit-chain';

export const TURING_SET_ID = 'qs-turing-1';
const LOADED_AT = '2026-11-27T00:00:00.000Z';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  const graph = toGraph(TURING_QUESTION_SET);
  await db
    .insertInto('question_sets')
    .values({
      id: TURING_SET_ID,
      name: TURING_QUESTION_SET.name,
      version: 1,
      title: TURING_QUESTION_SET.title,
      start: graph.start,
      definition: JSON.stringify(TURING_QUESTION_SET),
      created_at: LOADED_AT,
    })
    .execute();
  await db
    .insertInto('tier_policies')
    .values({ version: 1, definition: JSON.stringify(DEFAULT_TIER_POLICY), created_at: LOADED_AT })
    .execute();
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();
}

export async function down(): Promise<void> {
  throw new Error('Built-in data cannot be removed once recorded.');
}
