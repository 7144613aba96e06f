/** Opinions, referee approvals, dispute discussion and reopenings of work packages. History is never deleted. */
import type { PathStep } from '../../common/contracts/question-sets.contract';
import type { ProjectRole } from '../../common/vocab/roles';
import type { Tier } from '../../common/vocab/tiers';
import { DomainError } from '../domain/errors';
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { Db, DiscussionEntriesTable, OpinionsTable, RefereeApprovalsTable, ReopeningsTable, Tx } from './schema';

export interface OpinionRow extends OpinionsTable {
  classifier_name: string;
}

/** Every opinion ever given on a work package, oldest first. */
export async function listOpinions(db: Db, workPackageId: string): Promise<OpinionRow[]> {
  return db
    .selectFrom('opinions')
    .innerJoin('users', 'users.id', 'opinions.classifier_id')
    .selectAll('opinions')
    .select('users.name as classifier_name')
    .where('opinions.work_package_id', '=', workPackageId)
    .orderBy('opinions.submitted_at')
    .orderBy('opinions.id')
    .execute();
}

export async function findCurrentOpinion(db: Db, workPackageId: string, classifierId: string, round: number): Promise<OpinionsTable | undefined> {
  return db
    .selectFrom('opinions')
    .selectAll()
    .where('work_package_id', '=', workPackageId)
    .where('classifier_id', '=', classifierId)
    .where('round', '=', round)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Stores an opinion. When `supersedesId` is given, that opinion must still be current; it is
 * marked superseded (kept as history). Throws `conflict.stale_version` otherwise.
 */
export async function insertOpinion(
  trx: Tx,
  opinion: {
    workPackageId: string;
    classifierId: string;
    role: ProjectRole;
    round: number;
    questionSetId: string;
    path: PathStep[];
    tier: Tier;
    at: string;
    supersedesId?: string;
    explanation?: string;
  },
  audit: AuditInput,
): Promise<OpinionsTable> {
  if (opinion.supersedesId) {
    const result = await trx
      .updateTable('opinions')
      .set({ superseded_at: opinion.at })
      .where('id', '=', opinion.supersedesId)
      .where('work_package_id', '=', opinion.workPackageId)
      .where('round', '=', opinion.round)
      .where('classifier_id', '=', opinion.classifierId)
      .where('superseded_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new DomainError('conflict.stale_version', 'The opinion you are revising is no longer your current one; reload and try again');
    }
  }
  const row: OpinionsTable = {
    id: newId(),
    work_package_id: opinion.workPackageId,
    classifier_id: opinion.classifierId,
    role: opinion.role,
    round: opinion.round,
    question_set_id: opinion.questionSetId,
    path: JSON.stringify(opinion.path),
    tier: opinion.tier,
    submitted_at: opinion.at,
    superseded_at: null,
    explanation: opinion.explanation ?? null,
  };
  await trx.insertInto('opinions').values(row).execute();
  await appendAudit(trx, { ...audit, summary: { ...audit.summary, opinionId: row.id } });
  return row;
}

export async function listRefereeApprovals(db: Db, workPackageId: string, round: number): Promise<RefereeApprovalsTable[]> {
  return db.selectFrom('referee_approvals').selectAll().where('work_package_id', '=', workPackageId).where('round', '=', round).execute();
}

export async function insertRefereeApproval(trx: Tx, row: { workPackageId: string; round: number; refereeId: string; dprId: string; at: string }, audit: AuditInput): Promise<void> {
  const existing = await trx
    .selectFrom('referee_approvals')
    .select('id')
    .where('work_package_id', '=', row.workPackageId)
    .where('round', '=', row.round)
    .where('referee_id', '=', row.refereeId)
    .where('dpr_id', '=', row.dprId)
    .executeTakeFirst();
  if (existing) return;
  await trx.insertInto('referee_approvals').values({ id: newId(), work_package_id: row.workPackageId, round: row.round, referee_id: row.refereeId, dpr_id: row.dprId, approved_at: row.at }).execute();
  await appendAudit(trx, audit);
}

export interface DiscussionRow extends DiscussionEntriesTable {
  author_name: string;
}

export async function listDiscussion(db: Db, workPackageId: string): Promise<DiscussionRow[]> {
  return db
    .selectFrom('discussion_entries')
    .innerJoin('users', 'users.id', 'discussion_entries.author_id')
    .selectAll('discussion_entries')
    .select('users.name as author_name')
    .where('discussion_entries.work_package_id', '=', workPackageId)
    .orderBy('discussion_entries.created_at')
    .execute();
}

export async function insertDiscussionEntry(trx: Tx, row: Omit<DiscussionEntriesTable, 'id'>, audit: AuditInput): Promise<DiscussionEntriesTable> {
  const entry = { ...row, id: newId() };
  await trx.insertInto('discussion_entries').values(entry).execute();
  await appendAudit(trx, audit);
  return entry;
}

export interface ReopeningRow extends ReopeningsTable {
  by_name: string;
}

export async function listReopenings(db: Db, workPackageId: string): Promise<ReopeningRow[]> {
  return db
    .selectFrom('reopenings')
    .innerJoin('users', 'users.id', 'reopenings.by_id')
    .selectAll('reopenings')
    .select('users.name as by_name')
    .where('reopenings.work_package_id', '=', workPackageId)
    .orderBy('reopenings.round')
    .execute();
}

export async function insertReopening(trx: Tx, row: Omit<ReopeningsTable, 'id'>): Promise<void> {
  // Audited by the work package transition recorded in the same transaction.
  await trx
    .insertInto('reopenings')
    .values({ ...row, id: newId() })
    .execute();
}
