/**
 * Rows of egress packages, their files, file versions, the temporarily-removed register and
 * check results. Mutating functions take a transaction and, where the change is a decision
 * someone made, the audit event that records it.
 */
import type { FileCheckResult, FileVersion } from '../../common/contracts/packages.contract';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import type { FileCategory } from '../../common/vocab/statuses';
import type { AuditInput } from './audit.repository';
import { appendAudit } from './audit.repository';
import type { CheckResultsTable, Db, FileVersionsTable, PackageFilesTable, PackagesTable, RemovalsTable, SupersededCheckResultsTable, Tx } from './schema';
import { DomainError } from '../domain/errors';
import { newId } from './ids';

/** bigint columns come back as strings from PostgreSQL. */
export const toNumber = (value: number | string | null): number => (value === null ? 0 : Number(value));

function checkSummary(check: CheckResultsTable | undefined): FileVersion['check'] {
  if (!check) return null;
  const result = JSON.parse(check.result) as ScannedEntry;
  const count = (e: ScannedEntry): number => e.findings.length + e.entries.reduce((n, child) => n + count(child), 0);
  return { status: check.status, verdict: check.verdict, findings: count(result), checkedAt: check.checked_at };
}

/** A file version row (with its check result, if any) as the API shows it. */
export function toFileVersion(v: FileVersionsTable, check: CheckResultsTable | undefined): FileVersion {
  return {
    id: v.id,
    number: v.number,
    sha256: v.sha256,
    bytes: toNumber(v.bytes),
    mediaType: v.media_type,
    source: v.source,
    sourcePath: v.source_path,
    note: v.note,
    createdBy: v.created_by,
    createdAt: v.created_at,
    originAddress: v.origin_address,
    check: checkSummary(check),
  };
}

/** A stored check result as the API shows it (the current one, or one a re-check set aside). */
export function toFileCheckResult(row: Pick<CheckResultsTable, 'result' | 'preset' | 'tool_version' | 'parameters' | 'checked_at'>): FileCheckResult {
  return {
    result: JSON.parse(row.result) as ScannedEntry,
    preset: row.preset,
    toolVersion: row.tool_version,
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    checkedAt: row.checked_at,
  };
}

export async function findPackage(db: Db, id: string): Promise<PackagesTable | undefined> {
  return db.selectFrom('packages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes the package's row lock (PostgreSQL) so that changes to one package run one at a time. */
export async function lockPackage(trx: Tx, id: string): Promise<PackagesTable | undefined> {
  await trx
    .updateTable('packages')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', id)
    .execute();
  return findPackage(trx, id);
}

export async function insertPackage(trx: Tx, row: Pick<PackagesTable, 'id' | 'project_id' | 'created_at'>): Promise<void> {
  await trx
    .insertInto('packages')
    .values({
      ...row,
      status: 'draft',
      context: '{}',
      review_turn: 0,
      file_count: 0,
      total_bytes: 0,
      submitted_by: null,
      submitted_at: null,
      failed_stage: null,
      failure_reason: null,
      status_comment: null,
      version: 1,
      updated_at: row.created_at,
    })
    .execute();
}

export type PackageChanges = Partial<
  Pick<PackagesTable, 'status' | 'context' | 'review_turn' | 'submitted_by' | 'submitted_at' | 'failed_stage' | 'failure_reason' | 'status_comment' | 'destination_id'>
>;

/** Optimistic update: refused with conflict.stale_version when someone changed the package since `expectedVersion`. */
export async function updatePackage(trx: Tx, id: string, expectedVersion: number, changes: PackageChanges, at: string, audit: AuditInput | null): Promise<PackagesTable> {
  const result = await trx
    .updateTable('packages')
    .set({ ...changes, version: expectedVersion + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new DomainError('conflict.stale_version', 'This package was changed by someone else; reload it and try again', { expectedVersion });
  }
  if (audit) await appendAudit(trx, audit);
  return (await findPackage(trx, id)) as PackagesTable;
}

export async function listProjectPackages(db: Db, projectId: string): Promise<PackagesTable[]> {
  return db.selectFrom('packages').selectAll().where('project_id', '=', projectId).execute();
}

/** Keeps the package's file count and byte total in step with a change to its files (no version bump: not a decision). */
export async function adjustPackageTotals(trx: Tx, id: string, files: number, bytes: number): Promise<void> {
  await trx
    .updateTable('packages')
    .set((eb) => ({ file_count: eb('file_count', '+', files), total_bytes: eb('total_bytes', '+', bytes) }))
    .where('id', '=', id)
    .execute();
}

// ---- files ----

export async function findFile(db: Db, packageId: string, fileId: string): Promise<PackageFilesTable | undefined> {
  return db.selectFrom('package_files').selectAll().where('package_id', '=', packageId).where('id', '=', fileId).executeTakeFirst();
}

export async function findFileByPathKey(db: Db, packageId: string, pathKey: string): Promise<PackageFilesTable | undefined> {
  return db.selectFrom('package_files').selectAll().where('package_id', '=', packageId).where('path_key', '=', pathKey).executeTakeFirst();
}

export async function insertFile(trx: Tx, row: PackageFilesTable): Promise<void> {
  await trx.insertInto('package_files').values(row).execute();
}

export type FileChanges = Partial<Pick<PackageFilesTable, 'path' | 'role' | 'category' | 'current_version' | 'bytes' | 'removed' | 'deleted_at'>>;

/** Optimistic update of one file: refused with conflict.stale_version when it changed since `expectedVersion`. */
export async function updateFile(trx: Tx, fileId: string, expectedVersion: number, changes: FileChanges): Promise<PackageFilesTable> {
  const result = await trx
    .updateTable('package_files')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('id', '=', fileId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new DomainError('conflict.stale_version', 'This file was changed by someone else; reload it and try again', { expectedVersion });
  }
  return (await trx.selectFrom('package_files').selectAll().where('id', '=', fileId).executeTakeFirst()) as PackageFilesTable;
}

export async function insertFileVersion(trx: Tx, row: FileVersionsTable): Promise<void> {
  await trx.insertInto('file_versions').values(row).execute();
}

export interface FileWithCurrent {
  file: PackageFilesTable;
  current: FileVersionsTable;
  check: CheckResultsTable | undefined;
}

/** Files in the package (not taken out), ordered by path, one page after the path `after`. */
export async function listFilePage(db: Db, packageId: string, options: { after?: string; limit: number }): Promise<FileWithCurrent[]> {
  let query = db.selectFrom('package_files').selectAll().where('package_id', '=', packageId).where('deleted_at', 'is', null).orderBy('path').limit(options.limit);
  if (options.after !== undefined) query = query.where('path', '>', options.after);
  const files = await query.execute();
  return withCurrentVersions(db, files);
}

/** Every file in the package (not taken out), ordered by path. */
export async function listAllFiles(db: Db, packageId: string): Promise<FileWithCurrent[]> {
  const files = await db.selectFrom('package_files').selectAll().where('package_id', '=', packageId).where('deleted_at', 'is', null).orderBy('path').execute();
  return withCurrentVersions(db, files);
}

async function withCurrentVersions(db: Db, files: PackageFilesTable[]): Promise<FileWithCurrent[]> {
  if (files.length === 0) return [];
  const out: FileWithCurrent[] = [];
  // Chunked so that very large packages stay within parameter limits.
  for (let i = 0; i < files.length; i += 500) {
    const chunk = files.slice(i, i + 500);
    const versions = await db
      .selectFrom('file_versions')
      .selectAll()
      .where((eb) => eb.or(chunk.map((f) => eb.and([eb('file_id', '=', f.id), eb('number', '=', f.current_version)]))))
      .execute();
    const byFile = new Map(versions.map((v) => [v.file_id, v]));
    const checks = await checkResultsFor(
      db,
      versions.map((v) => v.id),
    );
    for (const file of chunk) {
      const current = byFile.get(file.id) as FileVersionsTable;
      out.push({ file, current, check: checks.get(current.id) });
    }
  }
  return out;
}

export async function listVersions(db: Db, fileId: string): Promise<FileVersionsTable[]> {
  return db.selectFrom('file_versions').selectAll().where('file_id', '=', fileId).orderBy('number', 'desc').execute();
}

export interface PackageTotals {
  files: number;
  outputs: number;
  removed: number;
  bytes: number;
}

export async function packageTotals(db: Db, packageId: string): Promise<PackageTotals> {
  const rows = await db
    .selectFrom('package_files')
    .select(['role', 'removed'])
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string | null>('bytes').as('bytes')])
    .where('package_id', '=', packageId)
    .where('deleted_at', 'is', null)
    .groupBy(['role', 'removed'])
    .execute();
  const totals: PackageTotals = { files: 0, outputs: 0, removed: 0, bytes: 0 };
  for (const r of rows) {
    const n = toNumber(r.n);
    totals.files += n;
    totals.bytes += toNumber(r.bytes);
    if (Number(r.removed) === 1) totals.removed += n;
    else if (r.role === 'output') totals.outputs += n;
  }
  return totals;
}

/**
 * How many files' current versions have each verdict, and how many have none yet, given the
 * number of files in the package (`currentFiles`, the packages row's `file_count`). One query
 * that starts from the package's check results, so it costs nothing before the checks ran.
 */
export async function verdictCounts(db: Db, packageId: string, currentFiles: number): Promise<{ pass: number; review: number; block: number; pending: number }> {
  const rows = await db
    .selectFrom('check_results')
    .innerJoin('file_versions', 'file_versions.id', 'check_results.file_version_id')
    .innerJoin('package_files', (join) => join.onRef('package_files.id', '=', 'file_versions.file_id').onRef('package_files.current_version', '=', 'file_versions.number'))
    .select(['check_results.verdict as verdict'])
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('check_results.package_id', '=', packageId)
    .where('package_files.deleted_at', 'is', null)
    .groupBy('check_results.verdict')
    .execute();
  const counts = { pass: 0, review: 0, block: 0, pending: 0 };
  let checked = 0;
  for (const r of rows) {
    counts[r.verdict] += toNumber(r.n);
    checked += toNumber(r.n);
  }
  counts.pending = Math.max(0, currentFiles - checked);
  return counts;
}

/** Output files of the given categories still in the package and not removed: id and path only. */
export async function listOutputsOfCategories(db: Db, packageId: string, categories: readonly FileCategory[]): Promise<{ id: string; path: string }[]> {
  return db
    .selectFrom('package_files')
    .select(['id', 'path'])
    .where('package_id', '=', packageId)
    .where('deleted_at', 'is', null)
    .where('role', '=', 'output')
    .where('removed', '=', 0)
    .where('category', 'in', categories)
    .orderBy('path')
    .execute();
}

// ---- the temporarily-removed register ----

export async function insertRemoval(trx: Tx, row: RemovalsTable): Promise<void> {
  await trx.insertInto('removals').values(row).execute();
}

export async function openRemovalOf(db: Db, fileId: string): Promise<RemovalsTable | undefined> {
  return db.selectFrom('removals').selectAll().where('file_id', '=', fileId).where('reinstated_at', 'is', null).executeTakeFirst();
}

export async function markReinstated(trx: Tx, removalId: string, by: string, at: string, versionNumber: number): Promise<void> {
  await trx.updateTable('removals').set({ reinstated_by: by, reinstated_at: at, reinstated_version: versionNumber }).where('id', '=', removalId).execute();
}

export interface RemovalRow extends RemovalsTable {
  path: string;
  removed_by_name: string;
  reinstated_by_name: string | null;
  outcome_by_name: string | null;
}

export async function listRemovals(db: Db, packageId: string): Promise<RemovalRow[]> {
  return db
    .selectFrom('removals')
    .innerJoin('package_files', 'package_files.id', 'removals.file_id')
    .innerJoin('users as remover', 'remover.id', 'removals.removed_by')
    .leftJoin('users as reinstater', 'reinstater.id', 'removals.reinstated_by')
    .leftJoin('users as agreer', 'agreer.id', 'removals.outcome_by')
    .selectAll('removals')
    .select(['package_files.path as path', 'remover.name as removed_by_name', 'reinstater.name as reinstated_by_name', 'agreer.name as outcome_by_name'])
    .where('removals.package_id', '=', packageId)
    .orderBy('removals.removed_at', 'desc')
    .execute();
}

// ---- check results ----

export async function checkResultsFor(db: Db, versionIds: readonly string[]): Promise<Map<string, CheckResultsTable>> {
  if (versionIds.length === 0) return new Map();
  const rows = await db.selectFrom('check_results').selectAll().where('file_version_id', 'in', versionIds).execute();
  return new Map(rows.map((r) => [r.file_version_id, r]));
}

/** Stores (or replaces, on a re-run) the result of checking one file version. */
export async function saveCheckResult(trx: Tx, row: CheckResultsTable): Promise<void> {
  await trx.deleteFrom('check_results').where('file_version_id', '=', row.file_version_id).execute();
  await trx.insertInto('check_results').values(row).execute();
}

export async function findCheckResult(db: Db, versionId: string): Promise<CheckResultsTable | undefined> {
  return db.selectFrom('check_results').selectAll().where('file_version_id', '=', versionId).executeTakeFirst();
}

/**
 * Moves the results of the given file versions to `superseded_check_results` (whole, with who
 * asked, when and why), so that the checks stage checks those versions again. Returns the
 * version, preset and verdict of each result moved.
 */
export async function supersedeCheckResults(
  trx: Tx,
  versionIds: readonly string[],
  by: Pick<SupersededCheckResultsTable, 'superseded_at' | 'superseded_by' | 'reason'>,
): Promise<Pick<CheckResultsTable, 'file_version_id' | 'preset' | 'verdict'>[]> {
  const moved: Pick<CheckResultsTable, 'file_version_id' | 'preset' | 'verdict'>[] = [];
  // Chunked: parameter limits, and results (findings JSON) held a hundred at a time.
  for (let i = 0; i < versionIds.length; i += 100) {
    const chunk = versionIds.slice(i, i + 100);
    const rows = await trx.selectFrom('check_results').selectAll().where('file_version_id', 'in', chunk).execute();
    if (rows.length === 0) continue;
    await trx
      .insertInto('superseded_check_results')
      .values(rows.map((r) => ({ ...r, id: newId(), ...by })))
      .execute();
    await trx.deleteFrom('check_results').where('file_version_id', 'in', chunk).execute();
    moved.push(...rows.map(({ file_version_id, preset, verdict }) => ({ file_version_id, preset, verdict })));
  }
  return moved;
}

/** How many results re-checks have set aside in the package (a re-check adds at least one). */
export async function countSupersededResults(db: Db, packageId: string): Promise<number> {
  const row = await db
    .selectFrom('superseded_check_results')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('package_id', '=', packageId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SupersededCheckResultRow extends SupersededCheckResultsTable {
  /** The name of who asked for the re-check; null when the system did. */
  superseded_by_name: string | null;
}

/** The superseded results of one file version with the name of who asked, most recently superseded first. */
export async function listSupersededCheckResultsWithNames(db: Db, versionId: string): Promise<SupersededCheckResultRow[]> {
  return db
    .selectFrom('superseded_check_results')
    .leftJoin('users', 'users.id', 'superseded_check_results.superseded_by')
    .selectAll('superseded_check_results')
    .select('users.name as superseded_by_name')
    .where('superseded_check_results.file_version_id', '=', versionId)
    .orderBy('superseded_check_results.superseded_at', 'desc')
    .orderBy('superseded_check_results.checked_at', 'desc')
    .execute();
}
