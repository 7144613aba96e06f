/**
 * What the closure checklist reads besides the inventory (migration 0012, docs/closure.md): the
 * marks people give output-area files, the waivers a programme manager records, the file
 * versions that left in releases not revoked (with where each was copied from), and the
 * download links still open. Marks and waivers are superseded, never deleted.
 */
import type { ClosureGapCode } from '../../common/vocab/closure';
import type { FileMarkFact, OpenLinkFact, ReleasedCopyFact, WaiverFact } from '../domain/closure/checklist';
import type { ReleasedFile } from '../../common/contracts/releases.contract';
import { type AuditInput, appendAudit } from './audit.repository';
import type { ClosureFileMarksTable, ClosureWaiversTable, Db, Tx } from './schema';

const CHUNK = 500;

const personOf = (id: string | null, name: string | null) => (id === null ? null : { id, name: name ?? id });

/** The marks in force, one per path. */
export async function listCurrentMarks(db: Db, projectId: string): Promise<FileMarkFact[]> {
  const rows = await db
    .selectFrom('closure_file_marks')
    .leftJoin('users', 'users.id', 'closure_file_marks.marked_by')
    .select(['closure_file_marks.path', 'closure_file_marks.fate', 'closure_file_marks.reason', 'closure_file_marks.marked_by', 'closure_file_marks.marked_at', 'users.name'])
    .where('closure_file_marks.project_id', '=', projectId)
    .where('closure_file_marks.superseded_at', 'is', null)
    .execute();
  return rows.map((r) => ({ path: r.path, fate: r.fate, reason: r.reason, by: personOf(r.marked_by, r.name), at: r.marked_at }));
}

/**
 * Supersedes the marks in force on `paths` and records `marks` (none: the paths are unmarked),
 * with one audit event for the whole change.
 */
export async function replaceMarks(trx: Tx, projectId: string, paths: readonly string[], marks: readonly ClosureFileMarksTable[], at: string, audit: AuditInput): Promise<void> {
  for (let i = 0; i < paths.length; i += CHUNK) {
    await trx
      .updateTable('closure_file_marks')
      .set({ superseded_at: at })
      .where('project_id', '=', projectId)
      .where('superseded_at', 'is', null)
      .where('path', 'in', paths.slice(i, i + CHUNK))
      .execute();
  }
  // 8 columns a row.
  for (let i = 0; i < marks.length; i += 400)
    await trx
      .insertInto('closure_file_marks')
      .values(marks.slice(i, i + 400))
      .execute();
  await appendAudit(trx, audit);
}

/** The waivers in force, one per item. */
export async function listCurrentWaivers(db: Db, projectId: string): Promise<WaiverFact[]> {
  const rows = await db
    .selectFrom('closure_waivers')
    .leftJoin('users', 'users.id', 'closure_waivers.waived_by')
    .select(['closure_waivers.id', 'closure_waivers.code', 'closure_waivers.item_key', 'closure_waivers.reason', 'closure_waivers.waived_by', 'closure_waivers.waived_at', 'users.name'])
    .where('closure_waivers.project_id', '=', projectId)
    .where('closure_waivers.superseded_at', 'is', null)
    .orderBy('closure_waivers.waived_at')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code as ClosureGapCode, key: r.item_key, reason: r.reason, by: personOf(r.waived_by, r.name), at: r.waived_at }));
}

/** Records a waiver (superseding one in force on the same item) with its audit event. */
export async function insertWaiver(trx: Tx, row: ClosureWaiversTable, audit: AuditInput): Promise<void> {
  await trx
    .updateTable('closure_waivers')
    .set({ superseded_at: row.waived_at })
    .where('project_id', '=', row.project_id)
    .where('code', '=', row.code)
    .where('item_key', '=', row.item_key)
    .where('superseded_at', 'is', null)
    .execute();
  await trx.insertInto('closure_waivers').values(row).execute();
  await appendAudit(trx, audit);
}

/** Every file version that left in a release of the project that was not revoked, with where it was copied from. */
export async function listReleasedCopies(db: Db, projectId: string): Promise<ReleasedCopyFact[]> {
  const releases = await db
    .selectFrom('releases')
    .innerJoin('packages', 'packages.id', 'releases.package_id')
    .innerJoin('work_packages', 'work_packages.id', 'releases.package_id')
    .leftJoin('destinations', 'destinations.id', 'releases.destination_id')
    .select(['releases.package_id', 'releases.files', 'releases.released_at', 'work_packages.name as package_name', 'destinations.name as destination_name'])
    .where('packages.project_id', '=', projectId)
    .where('releases.released_at', 'is not', null)
    .where('releases.revoked_at', 'is', null)
    .execute();
  const copies: (Omit<ReleasedCopyFact, 'sourcePath'> & { fileVersionId: string })[] = [];
  for (const r of releases) {
    for (const f of JSON.parse(r.files) as ReleasedFile[]) {
      copies.push({
        fileVersionId: f.fileVersionId,
        sha256: f.sha256,
        packageId: r.package_id,
        packageName: r.package_name,
        path: f.path,
        versionNumber: f.versionNumber,
        releasedAt: r.released_at as string,
        destination: r.destination_name,
      });
    }
  }
  const sources = new Map<string, string | null>();
  const ids = [...new Set(copies.map((c) => c.fileVersionId))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('file_versions')
      .select(['id', 'source', 'source_path'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) sources.set(row.id, row.source === 'output_area' ? row.source_path : null);
  }
  return copies.map(({ fileVersionId, ...c }) => ({ ...c, sourcePath: sources.get(fileVersionId) ?? null }));
}

/** Download links of the project's releases that can still be used at `now`. */
export async function listOpenLinks(db: Db, projectId: string, now: string): Promise<OpenLinkFact[]> {
  const rows = await db
    .selectFrom('release_links')
    .innerJoin('releases', 'releases.id', 'release_links.release_id')
    .innerJoin('work_packages', 'work_packages.id', 'releases.package_id')
    .select(['release_links.id', 'release_links.expires_at', 'release_links.downloads', 'release_links.max_downloads', 'work_packages.name'])
    .where('work_packages.project_id', '=', projectId)
    .where('release_links.revoked_at', 'is', null)
    .where('releases.revoked_at', 'is', null)
    .where('release_links.expires_at', '>', now)
    .orderBy('release_links.expires_at')
    .execute();
  return rows.filter((r) => Number(r.downloads) < Number(r.max_downloads)).map((r) => ({ id: r.id, packageName: r.name, expiresAt: r.expires_at }));
}
