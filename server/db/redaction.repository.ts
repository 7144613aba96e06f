/**
 * Redaction rows (migration 0011, issue 13): the provenance record of each redacted file version
 * and reviewers' proposals, with the mappers to the API's shapes
 * (common/contracts/redaction.contract.ts). Mutating functions take a transaction and the audit
 * event that records the change; proposals are only marked decided, never deleted.
 */
import type { RedactionOutcomeInfo, RedactionProposal, RedactionProvenance } from '../../common/contracts/redaction.contract';
import { appendAudit, type AuditInput } from './audit.repository';
import type { Db, RedactionProposalsTable, RedactionRecordsTable, Tx } from './schema';

/** A finding a redaction was meant to resolve, as stored. */
export interface StoredTarget {
  findingKey: string;
  rule: string;
}

/** A provenance row with what the API shows beside it: names, version numbers, path and the accepting person. */
export interface RedactionRecordRow extends RedactionRecordsTable {
  created_by_name: string;
  path: string;
  original_number: number;
  result_number: number;
  result_bytes: number | string;
  accepted_by: string | null;
  accepted_by_name: string | null;
  accepted_at: string | null;
}

/** A proposal row with names, the path and the original version's number. */
export interface RedactionProposalRow extends RedactionProposalsTable {
  proposed_by_name: string;
  decided_by_name: string | null;
  path: string;
  original_number: number;
}

const parse = <T>(json: string): T => JSON.parse(json) as T;

/** A provenance row as the API shows it. */
export function toProvenance(row: RedactionRecordRow): RedactionProvenance {
  return {
    id: row.id,
    fileId: row.file_id,
    path: row.path,
    original: { fileVersionId: row.original_version_id, versionNumber: Number(row.original_number), sha256: row.original_sha256 },
    result: { fileVersionId: row.file_version_id, versionNumber: Number(row.result_number), sha256: row.result_sha256, bytes: Number(row.result_bytes) },
    operation: row.operation,
    parameters: parse<Record<string, unknown>>(row.parameters),
    reason: row.reason,
    targets: parse<StoredTarget[]>(row.targets),
    outcome: parse<RedactionOutcomeInfo>(row.outcome),
    by: { id: row.created_by, name: row.created_by_name },
    at: row.created_at,
    proposalId: row.proposal_id,
    acceptedBy: row.accepted_by ? { id: row.accepted_by, name: row.accepted_by_name ?? '' } : null,
    acceptedAt: row.accepted_at,
  };
}

/** A proposal row as the API shows it; `currentVersionNumber` is the file's current version (a pending proposal on an older one is stale). */
export function toProposal(row: RedactionProposalRow, currentVersionNumber: number): RedactionProposal {
  return {
    id: row.id,
    fileId: row.file_id,
    path: row.path,
    original: { fileVersionId: row.original_version_id, versionNumber: Number(row.original_number), sha256: row.original_sha256 },
    result: { sha256: row.result_sha256, bytes: Number(row.result_bytes) },
    operation: row.operation,
    parameters: parse<Record<string, unknown>>(row.parameters),
    reason: row.reason,
    targets: parse<StoredTarget[]>(row.targets),
    outcome: parse<RedactionOutcomeInfo>(row.outcome),
    reviewTurn: Number(row.review_turn),
    status: row.status,
    stale: row.status === 'pending' && Number(row.original_number) !== currentVersionNumber,
    proposedBy: { id: row.proposed_by, name: row.proposed_by_name },
    proposedAt: row.proposed_at,
    decidedBy: row.decided_by ? { id: row.decided_by, name: row.decided_by_name ?? '' } : null,
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
    resultVersionId: row.result_version_id,
  };
}

function selectRecords(db: Db) {
  return db
    .selectFrom('redaction_records')
    .innerJoin('users as creator', 'creator.id', 'redaction_records.created_by')
    .innerJoin('package_files', 'package_files.id', 'redaction_records.file_id')
    .innerJoin('file_versions as original', 'original.id', 'redaction_records.original_version_id')
    .innerJoin('file_versions as result', 'result.id', 'redaction_records.file_version_id')
    .leftJoin('redaction_proposals', 'redaction_proposals.id', 'redaction_records.proposal_id')
    .leftJoin('users as acceptor', 'acceptor.id', 'redaction_proposals.decided_by')
    .selectAll('redaction_records')
    .select([
      'creator.name as created_by_name',
      'package_files.path as path',
      'original.number as original_number',
      'result.number as result_number',
      'result.bytes as result_bytes',
      'redaction_proposals.decided_by as accepted_by',
      'acceptor.name as accepted_by_name',
      'redaction_proposals.decided_at as accepted_at',
    ]);
}

/** The provenance of a file version, if a redaction made it. */
export async function findRedactionRecord(db: Db, fileVersionId: string): Promise<RedactionRecordRow | undefined> {
  return selectRecords(db).where('redaction_records.file_version_id', '=', fileVersionId).executeTakeFirst();
}

/** The provenance of every redacted version of a package, keyed by the redacted version's id (the bundle manifest's history). */
export async function listRedactionRecords(db: Db, packageId: string): Promise<RedactionRecordRow[]> {
  return selectRecords(db).where('redaction_records.package_id', '=', packageId).orderBy('redaction_records.created_at').orderBy('redaction_records.id').execute();
}

/** Records the provenance of a new redacted version (inserted in the same transaction as the version). */
export async function insertRedactionRecord(trx: Tx, row: RedactionRecordsTable, audit: AuditInput): Promise<void> {
  await trx.insertInto('redaction_records').values(row).execute();
  await appendAudit(trx, audit);
}

function selectProposals(db: Db) {
  return db
    .selectFrom('redaction_proposals')
    .innerJoin('users as proposer', 'proposer.id', 'redaction_proposals.proposed_by')
    .leftJoin('users as decider', 'decider.id', 'redaction_proposals.decided_by')
    .innerJoin('package_files', 'package_files.id', 'redaction_proposals.file_id')
    .innerJoin('file_versions as original', 'original.id', 'redaction_proposals.original_version_id')
    .selectAll('redaction_proposals')
    .select(['proposer.name as proposed_by_name', 'decider.name as decided_by_name', 'package_files.path as path', 'original.number as original_number']);
}

/** Every proposal of a package, newest first. */
export async function listRedactionProposals(db: Db, packageId: string): Promise<RedactionProposalRow[]> {
  return selectProposals(db).where('redaction_proposals.package_id', '=', packageId).orderBy('redaction_proposals.proposed_at', 'desc').orderBy('redaction_proposals.id', 'desc').execute();
}

/** One proposal of a package. */
export async function findRedactionProposal(db: Db, packageId: string, proposalId: string): Promise<RedactionProposalRow | undefined> {
  return selectProposals(db).where('redaction_proposals.package_id', '=', packageId).where('redaction_proposals.id', '=', proposalId).executeTakeFirst();
}

export async function insertRedactionProposal(trx: Tx, row: RedactionProposalsTable, audit: AuditInput): Promise<void> {
  await trx.insertInto('redaction_proposals').values(row).execute();
  await appendAudit(trx, audit);
}

/** Marks a pending proposal accepted or declined; answers false (changing nothing) when it was no longer pending. */
export async function decideRedactionProposal(
  trx: Tx,
  id: string,
  decision: Pick<RedactionProposalsTable, 'status' | 'decided_by' | 'decided_at' | 'decision_comment' | 'result_version_id'>,
  audit: AuditInput,
): Promise<boolean> {
  const result = await trx.updateTable('redaction_proposals').set(decision).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await appendAudit(trx, audit);
  return true;
}
