/** Versioned question sets and tier policies: configuration stored as data. */
import type { QuestionSet, QuestionSetDefinition } from '../../common/contracts/question-sets.contract';
import { type TierPolicy, type TierPolicyDefinition, withTierDefaults } from '../../common/contracts/tier-policy.contract';
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { Db, QuestionSetsTable, Tx } from './schema';

export function toQuestionSet(row: QuestionSetsTable): QuestionSet {
  const definition = JSON.parse(row.definition) as QuestionSetDefinition;
  return { ...definition, id: row.id, version: Number(row.version), start: row.start, createdAt: row.created_at };
}

export async function findQuestionSetById(db: Db, id: string): Promise<QuestionSetsTable | undefined> {
  return db.selectFrom('question_sets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest version of a named set. */
export async function findLatestQuestionSet(db: Db, name: string): Promise<QuestionSetsTable | undefined> {
  return db.selectFrom('question_sets').selectAll().where('name', '=', name).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function listQuestionSets(db: Db): Promise<QuestionSetsTable[]> {
  return db.selectFrom('question_sets').selectAll().orderBy('name').orderBy('version').execute();
}

export async function insertQuestionSet(trx: Tx, set: { definition: QuestionSetDefinition; version: number; start: string; at: string }, audit: AuditInput): Promise<QuestionSetsTable> {
  const row: QuestionSetsTable = {
    id: newId(),
    name: set.definition.name,
    version: set.version,
    title: set.definition.title,
    start: set.start,
    definition: JSON.stringify(set.definition),
    created_at: set.at,
  };
  await trx.insertInto('question_sets').values(row).execute();
  await appendAudit(trx, { ...audit, objectId: row.id });
  return row;
}

export async function findCurrentTierPolicy(db: Db): Promise<TierPolicy> {
  const row = await db.selectFrom('tier_policies').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
  const definition = JSON.parse(row.definition) as TierPolicyDefinition;
  return { version: Number(row.version), createdAt: row.created_at, tiers: withTierDefaults(definition.tiers) };
}

export async function findTierPolicy(db: Db, version: number): Promise<TierPolicy | undefined> {
  const row = await db.selectFrom('tier_policies').selectAll().where('version', '=', version).executeTakeFirst();
  if (!row) return undefined;
  const definition = JSON.parse(row.definition) as TierPolicyDefinition;
  return { version: Number(row.version), createdAt: row.created_at, tiers: withTierDefaults(definition.tiers) };
}

/** Stores a new tier policy version (the next number) with its audit event; returns it. */
export async function insertTierPolicy(trx: Tx, definition: TierPolicyDefinition, at: string, audit: (version: number) => AuditInput): Promise<TierPolicy> {
  const last = await trx.selectFrom('tier_policies').select('version').orderBy('version', 'desc').limit(1).executeTakeFirst();
  const version = (last ? Number(last.version) : 0) + 1;
  await trx
    .insertInto('tier_policies')
    .values({ version, definition: JSON.stringify(definition), created_at: at })
    .execute();
  await appendAudit(trx, audit(version));
  return { version, createdAt: at, tiers: definition.tiers };
}
