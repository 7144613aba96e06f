/**
 * What the content digest of a package is computed from (server/domain/review/content-digest.ts),
 * each in one query whatever the number of files: the current output files with their hash, and
 * the open temporarily-removed register.
 */
import type { Db, RemovalsTable } from './schema';

/** Current output files (not taken out, not temporarily removed) with the hash of their current version. */
export async function listDigestFiles(db: Db, packageId: string): Promise<{ id: string; path: string; sha256: string; version: number }[]> {
  return db
    .selectFrom('package_files')
    .innerJoin('file_versions', (join) => join.onRef('file_versions.file_id', '=', 'package_files.id').onRef('file_versions.number', '=', 'package_files.current_version'))
    .select(['package_files.id as id', 'package_files.path as path', 'file_versions.sha256 as sha256', 'package_files.current_version as version'])
    .where('package_files.package_id', '=', packageId)
    .where('package_files.deleted_at', 'is', null)
    .where('package_files.role', '=', 'output')
    .where('package_files.removed', '=', 0)
    .execute();
}

/** The open temporarily-removed register: path, removed version, reason and agreed outcome of each item. */
export async function listOpenRegister(db: Db, packageId: string): Promise<{ path: string; version: number; reason: string; outcome: RemovalsTable['outcome'] }[]> {
  const rows = await db
    .selectFrom('removals')
    .innerJoin('package_files', 'package_files.id', 'removals.file_id')
    .select(['package_files.path as path', 'removals.version_number as version', 'removals.reason as reason', 'removals.outcome as outcome'])
    .where('removals.package_id', '=', packageId)
    .where('removals.reinstated_at', 'is', null)
    .where('package_files.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}
