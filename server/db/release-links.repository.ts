/**
 * Download links of releases (migration 0008). A link is found by the sha256 of its token (the
 * token itself is never stored). `countDownload` is the one place a download is counted: a single
 * conditional UPDATE (`downloads < max_downloads`, live and unexpired), so concurrent requests at
 * the limit cannot count past it on SQLite or PostgreSQL.
 */
import { type AuditInput, appendAudit } from './audit.repository';
import type { Db, ReleaseLinksTable, Tx } from './schema';

/** A link as the commands use it (allow-list parsed). */
export interface ReleaseLinkRow {
  id: string;
  releaseId: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  maxDownloads: number;
  downloads: number;
  allowedNetworks: string[] | null;
  revokedAt: string | null;
}

export function toReleaseLink(row: ReleaseLinksTable): ReleaseLinkRow {
  return {
    id: row.id,
    releaseId: row.release_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxDownloads: Number(row.max_downloads),
    downloads: Number(row.downloads),
    allowedNetworks: row.allowed_networks === null ? null : (JSON.parse(row.allowed_networks) as string[]),
    revokedAt: row.revoked_at,
  };
}

/** Records a link with its audit event. */
export async function insertReleaseLink(trx: Tx, row: ReleaseLinksTable, audit: AuditInput): Promise<ReleaseLinkRow> {
  await trx.insertInto('release_links').values(row).execute();
  await appendAudit(trx, audit);
  return toReleaseLink(row);
}

/** The link whose token hashes to `tokenSha256`, if any. */
export async function findLinkByTokenHash(db: Db, tokenSha256: string): Promise<ReleaseLinkRow | undefined> {
  const row = await db.selectFrom('release_links').selectAll().where('token_sha256', '=', tokenSha256).executeTakeFirst();
  return row ? toReleaseLink(row) : undefined;
}

export async function findReleaseLink(db: Db, id: string): Promise<ReleaseLinkRow | undefined> {
  const row = await db.selectFrom('release_links').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toReleaseLink(row) : undefined;
}

/** Every link of the release, oldest first, with the name of who issued it. */
export async function listReleaseLinks(db: Db, releaseId: string): Promise<(ReleaseLinkRow & { createdByName: string | null })[]> {
  const rows = await db
    .selectFrom('release_links')
    .leftJoin('users', 'users.id', 'release_links.created_by')
    .selectAll('release_links')
    .select('users.name as created_by_name')
    .where('release_id', '=', releaseId)
    .orderBy('release_links.created_at')
    .orderBy('release_links.id')
    .execute();
  return rows.map((r) => ({ ...toReleaseLink(r), createdByName: r.created_by_name }));
}

/**
 * Counts one download on the link when it is live, unexpired at `at` and below its limit, in one
 * statement; true when it was counted (the caller audits it in the same transaction).
 */
export async function countDownload(trx: Tx, linkId: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('release_links')
    .set((eb) => ({ downloads: eb('downloads', '+', 1) }))
    .where('id', '=', linkId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .where((eb) => eb('downloads', '<', eb.ref('max_downloads')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every live link of the release at once; answers how many. The caller audits. */
export async function revokeReleaseLinks(trx: Tx, releaseId: string, at: string): Promise<number> {
  const result = await trx.updateTable('release_links').set({ revoked_at: at }).where('release_id', '=', releaseId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
