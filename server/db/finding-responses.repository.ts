/**
 * Answers to findings (issue 10 §4): exception requests, overrides, refusals and
 * acknowledgements, each bound to a file version and a finding key. Rows are only inserted or
 * marked withdrawn (a later answer of the same kind by the same person on the same finding
 * replaces the earlier one), never deleted.
 */
import type { FindingResponse } from '../../common/contracts/finding-responses.contract';
import { appendAudit, type AuditInput } from './audit.repository';
import type { Db, FindingResponsesTable, PackageFilesTable, Tx } from './schema';

/**
 * Records an answer and its audit event. The same person's earlier live answer of the same kind
 * to the same finding is withdrawn (replaced); a new exception request also withdraws the live
 * refusals, which answered the earlier request, so the new one is pending.
 */
export async function insertFindingResponse(trx: Tx, row: FindingResponsesTable, audit: AuditInput): Promise<void> {
  await trx
    .updateTable('finding_responses')
    .set({ withdrawn_at: row.at })
    .where('file_version_id', '=', row.file_version_id)
    .where('finding_key', '=', row.finding_key)
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb.or([eb.and([eb('kind', '=', row.kind), eb('by_id', '=', row.by_id)]), ...(row.kind === 'exception_request' ? [eb('kind', '=', 'refusal')] : [])]))
    .execute();
  await trx.insertInto('finding_responses').values(row).execute();
  await appendAudit(trx, audit);
}

/** The live answers to one finding of one file version, oldest first. */
export async function listLiveResponsesTo(db: Db, fileVersionId: string, findingKey: string): Promise<FindingResponsesTable[]> {
  return db
    .selectFrom('finding_responses')
    .selectAll()
    .where('file_version_id', '=', fileVersionId)
    .where('finding_key', '=', findingKey)
    .where('withdrawn_at', 'is', null)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export interface FindingResponseRow extends FindingResponsesTable {
  by_name: string;
}

/** An answer as the API shows it, withdrawn ones included. */
export function toFindingResponse(r: FindingResponseRow): FindingResponse {
  return { id: r.id, kind: r.kind, by: { id: r.by_id, name: r.by_name }, text: r.text, at: r.at, withdrawnAt: r.withdrawn_at };
}

/** Every answer (withdrawn ones included) to findings of the package's current file versions, oldest first: one query. */
export async function listResponsesToCurrentVersions(db: Db, packageId: string, fileId?: string): Promise<FindingResponseRow[]> {
  let query = db
    .selectFrom('finding_responses')
    .innerJoin('file_versions', 'file_versions.id', 'finding_responses.file_version_id')
    .innerJoin('package_files', (join) => join.onRef('package_files.id', '=', 'file_versions.file_id').onRef('package_files.current_version', '=', 'file_versions.number'))
    .innerJoin('users', 'users.id', 'finding_responses.by_id')
    .selectAll('finding_responses')
    .select('users.name as by_name')
    .where('finding_responses.package_id', '=', packageId)
    .orderBy('finding_responses.at')
    .orderBy('finding_responses.id');
  if (fileId !== undefined) query = query.where('package_files.id', '=', fileId);
  return query.execute();
}

/**
 * The finding keys, per file version, that a live answer of `kind` resolves: only answers by
 * people who are not on the package's author team now (someone who joined it later, by adding a
 * file, no longer counts as a reviewer of it). One query.
 */
export async function listResolvedKeys(db: Db, packageId: string, kind: 'override' | 'acknowledgement'): Promise<Set<string>> {
  const rows = await db
    .selectFrom('finding_responses')
    .select(['file_version_id', 'finding_key'])
    .where('package_id', '=', packageId)
    .where('kind', '=', kind)
    .where('withdrawn_at', 'is', null)
    .where('by_id', 'not in', (eb) => eb.selectFrom('package_authors').select('user_id').where('package_id', '=', packageId))
    .execute();
  return new Set(rows.map((r) => `${r.file_version_id}|${r.finding_key}`));
}

export interface ResolutionRow extends FindingResponsesTable {
  by_name: string;
  file_id: string;
  path: string;
  version_number: number;
  current_version: number;
}

/** The package's live overrides and acknowledgements, newest first, with the file and who gave them. */
export async function listResolutions(db: Db, packageId: string): Promise<ResolutionRow[]> {
  return db
    .selectFrom('finding_responses')
    .innerJoin('file_versions', 'file_versions.id', 'finding_responses.file_version_id')
    .innerJoin('package_files', 'package_files.id', 'file_versions.file_id')
    .innerJoin('users', 'users.id', 'finding_responses.by_id')
    .selectAll('finding_responses')
    .select(['users.name as by_name', 'package_files.id as file_id', 'package_files.path as path', 'file_versions.number as version_number', 'package_files.current_version as current_version'])
    .where('finding_responses.package_id', '=', packageId)
    .where('finding_responses.kind', 'in', ['override', 'acknowledgement'])
    .where('finding_responses.withdrawn_at', 'is', null)
    .where('package_files.deleted_at', 'is', null)
    .orderBy('finding_responses.at', 'desc')
    .orderBy('finding_responses.id', 'desc')
    .execute();
}

export interface FlaggedResultRow {
  file_id: string;
  path: string;
  role: PackageFilesTable['role'];
  file_version_id: string;
  version_number: number;
  result: string;
}

/**
 * The stored check results of the package's current file versions whose verdict is review or
 * block (a file passing has no finding that needs an answer), of files not taken out nor
 * temporarily removed; only outputs when `outputsOnly`, only one file when `fileId`. One query.
 */
export async function listFlaggedResults(db: Db, packageId: string, options: { outputsOnly?: boolean; fileId?: string } = {}): Promise<FlaggedResultRow[]> {
  let query = db
    .selectFrom('package_files')
    .innerJoin('file_versions', (join) => join.onRef('file_versions.file_id', '=', 'package_files.id').onRef('file_versions.number', '=', 'package_files.current_version'))
    .innerJoin('check_results', 'check_results.file_version_id', 'file_versions.id')
    .select([
      'package_files.id as file_id',
      'package_files.path as path',
      'package_files.role as role',
      'file_versions.id as file_version_id',
      'file_versions.number as version_number',
      'check_results.result as result',
    ])
    .where('package_files.package_id', '=', packageId)
    .where('package_files.deleted_at', 'is', null)
    .where('package_files.removed', '=', 0)
    .where('check_results.verdict', 'in', ['review', 'block'])
    .orderBy('package_files.path');
  if (options.outputsOnly) query = query.where('package_files.role', '=', 'output');
  if (options.fileId !== undefined) query = query.where('package_files.id', '=', options.fileId);
  return query.execute();
}
