/**
 * What the project's packages hold from its output area: the latest file version copied from
 * each output-area path, per package file (files taken out of their package are left out).
 */
import type { OutputAreaCopy } from '../domain/packages/output-area-status';
import type { Db } from './schema';
import { toNumber } from './packages.repository';

// Keeps each `in (...)` list well inside the parameter limits of both dialects.
const CHUNK = 500;

/**
 * The copies of the given output-area paths held by packages of the project, keyed by source
 * path: for each package file, its newest version that came from that path.
 */
export async function findOutputAreaCopies(db: Db, projectId: string, sourcePaths: readonly string[]): Promise<Map<string, OutputAreaCopy[]>> {
  const latest = new Map<string, OutputAreaCopy & { sourcePath: string }>();
  for (let i = 0; i < sourcePaths.length; i += CHUNK) {
    const chunk = sourcePaths.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('file_versions')
      .innerJoin('package_files', 'package_files.id', 'file_versions.file_id')
      .innerJoin('packages', 'packages.id', 'file_versions.package_id')
      .select([
        'file_versions.source_path',
        'file_versions.file_id',
        'file_versions.package_id',
        'file_versions.number',
        'file_versions.sha256',
        'file_versions.bytes',
        'file_versions.source_mtime_ms',
        'packages.status',
      ])
      .where('packages.project_id', '=', projectId)
      .where('file_versions.source', '=', 'output_area')
      .where('file_versions.source_path', 'in', chunk)
      .where('package_files.deleted_at', 'is', null)
      .execute();
    for (const row of rows) {
      const key = `${row.file_id}\u0000${row.source_path}`;
      const seen = latest.get(key);
      if (seen && seen.version >= row.number) continue;
      latest.set(key, {
        sourcePath: row.source_path as string,
        packageId: row.package_id,
        packageStatus: row.status,
        fileId: row.file_id,
        version: row.number,
        sha256: row.sha256,
        bytes: toNumber(row.bytes),
        mtimeMs: row.source_mtime_ms === null ? null : toNumber(row.source_mtime_ms),
      });
    }
  }
  const byPath = new Map<string, OutputAreaCopy[]>();
  for (const { sourcePath, ...copy } of latest.values()) {
    const list = byPath.get(sourcePath) ?? [];
    list.push(copy);
    byPath.set(sourcePath, list);
  }
  return byPath;
}
