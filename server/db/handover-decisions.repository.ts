/**
 * The storage decision of a data provider handover, the agreements to it, and the redaction
 * decisions on its flagged outputs (docs/design.md §6). A new decision supersedes the previous one
 * (marked, never deleted); mutating functions take the audit event.
 */
import { appendAudit, type AuditInput } from './audit.repository';
import type { CheckResultsTable, Db, RedactionDecisionsTable, StorageDecisionAgreementsTable, StorageDecisionsTable, Tx } from './schema';

export interface StorageDecisionRow extends StorageDecisionsTable {
  recorded_by_name: string;
}

/** Every storage decision of the package, oldest first (the last one not superseded is current). */
export async function listStorageDecisions(db: Db, packageId: string): Promise<StorageDecisionRow[]> {
  return db
    .selectFrom('storage_decisions')
    .innerJoin('users', 'users.id', 'storage_decisions.recorded_by')
    .selectAll('storage_decisions')
    .select('users.name as recorded_by_name')
    .where('storage_decisions.package_id', '=', packageId)
    .orderBy('storage_decisions.recorded_at')
    .orderBy('storage_decisions.id')
    .execute();
}

/** The current (not superseded) storage decision of the package. */
export async function findCurrentStorageDecision(db: Db, packageId: string): Promise<StorageDecisionsTable | undefined> {
  return db.selectFrom('storage_decisions').selectAll().where('package_id', '=', packageId).where('superseded_at', 'is', null).executeTakeFirst();
}

/** How many storage decisions the package has had: the number of the current one. */
export async function countStorageDecisions(db: Db, packageId: string): Promise<number> {
  const row = await db
    .selectFrom('storage_decisions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('package_id', '=', packageId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Supersedes the current decision (its agreements stay with it) and records the new one. */
export async function insertStorageDecision(trx: Tx, row: StorageDecisionsTable, audit: AuditInput): Promise<void> {
  await trx.updateTable('storage_decisions').set({ superseded_at: row.recorded_at }).where('package_id', '=', row.package_id).where('superseded_at', 'is', null).execute();
  await trx.insertInto('storage_decisions').values(row).execute();
  await appendAudit(trx, audit);
}

export interface AgreementRow extends StorageDecisionAgreementsTable {
  name: string;
}

/** The agreements to the given decisions, oldest first. */
export async function listAgreements(db: Db, decisionIds: readonly string[]): Promise<AgreementRow[]> {
  if (decisionIds.length === 0) return [];
  return db
    .selectFrom('storage_decision_agreements')
    .innerJoin('users', 'users.id', 'storage_decision_agreements.user_id')
    .selectAll('storage_decision_agreements')
    .select('users.name as name')
    .where('storage_decision_agreements.decision_id', 'in', decisionIds)
    .orderBy('storage_decision_agreements.agreed_at')
    .execute();
}

/** Records one person's agreement to a decision; answers false (and records nothing) when they had already agreed. */
export async function insertAgreement(trx: Tx, row: StorageDecisionAgreementsTable, audit: AuditInput): Promise<boolean> {
  const existing = await trx.selectFrom('storage_decision_agreements').select('user_id').where('decision_id', '=', row.decision_id).where('user_id', '=', row.user_id).executeTakeFirst();
  if (existing) return false;
  await trx.insertInto('storage_decision_agreements').values(row).execute();
  await appendAudit(trx, audit);
  return true;
}

/** Supersedes the file's current redaction decision and records the new one. */
export async function insertRedactionDecision(trx: Tx, row: RedactionDecisionsTable, audit: AuditInput): Promise<void> {
  await trx.updateTable('redaction_decisions').set({ superseded_at: row.decided_at }).where('file_id', '=', row.file_id).where('superseded_at', 'is', null).execute();
  await trx.insertInto('redaction_decisions').values(row).execute();
  await appendAudit(trx, audit);
}

export interface FlaggedOutputRow {
  file_id: string;
  path: string;
  file_version_id: string;
  version_number: number;
  verdict: CheckResultsTable['verdict'];
  decision_id: string | null;
  decision: RedactionDecisionsTable['decision'] | null;
  reason: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
}

/**
 * The package's flagged outputs (current versions of output files not taken out nor
 * temporarily removed, whose check verdict is review or block), each with its current
 * redaction decision on that version (a decision on an earlier version no longer counts). One query.
 */
export async function listFlaggedOutputs(db: Db, packageId: string): Promise<FlaggedOutputRow[]> {
  return db
    .selectFrom('package_files')
    .innerJoin('file_versions', (join) => join.onRef('file_versions.file_id', '=', 'package_files.id').onRef('file_versions.number', '=', 'package_files.current_version'))
    .innerJoin('check_results', 'check_results.file_version_id', 'file_versions.id')
    .leftJoin('redaction_decisions', (join) => join.onRef('redaction_decisions.file_version_id', '=', 'file_versions.id').on('redaction_decisions.superseded_at', 'is', null))
    .leftJoin('users', 'users.id', 'redaction_decisions.decided_by')
    .select([
      'package_files.id as file_id',
      'package_files.path as path',
      'file_versions.id as file_version_id',
      'file_versions.number as version_number',
      'check_results.verdict as verdict',
      'redaction_decisions.id as decision_id',
      'redaction_decisions.decision as decision',
      'redaction_decisions.reason as reason',
      'redaction_decisions.decided_by as decided_by',
      'users.name as decided_by_name',
      'redaction_decisions.decided_at as decided_at',
    ])
    .where('package_files.package_id', '=', packageId)
    .where('package_files.deleted_at', 'is', null)
    .where('package_files.removed', '=', 0)
    .where('package_files.role', '=', 'output')
    .where('check_results.verdict', 'in', ['review', 'block'])
    .orderBy('package_files.path')
    .execute();
}
