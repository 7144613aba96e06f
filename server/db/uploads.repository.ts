/**
 * Rows of resumable uploads: who started which upload (its tus id) into which package, under
 * what path, how many bytes and which sha256 were declared, and which file version it became.
 * The bytes themselves are staged on local disk by the tus file store until the upload completes.
 * Every change takes the audit event that records it.
 */
import { type AuditInput, appendAudit } from './audit.repository';
import type { Db, Tx, UploadsTable } from './schema';

/** An upload row with its byte count as a number (PostgreSQL returns bigint as a string). */
export interface UploadRow extends Omit<UploadsTable, 'bytes'> {
  bytes: number;
}

const toRow = (row: UploadsTable): UploadRow => ({ ...row, bytes: Number(row.bytes) });

export async function findUpload(db: Db, id: string): Promise<UploadRow | undefined> {
  const row = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function insertUpload(trx: Tx, row: UploadRow, audit: AuditInput): Promise<void> {
  await trx.insertInto('uploads').values(row).execute();
  await appendAudit(trx, audit);
}

/** Marks an upload completed as `fileVersionId`; false when it was not open (already completed or gone). */
export async function markUploadCompleted(trx: Tx, id: string, at: string, fileVersionId: string, audit: AuditInput): Promise<boolean> {
  const result = await trx.updateTable('uploads').set({ completed_at: at, file_version_id: fileVersionId }).where('id', '=', id).where('completed_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await appendAudit(trx, audit);
  return true;
}

/** Deletes an open upload (cancelled or refused); false when there was none. */
export async function deleteOpenUpload(trx: Tx, id: string, audit: AuditInput): Promise<boolean> {
  const result = await trx.deleteFrom('uploads').where('id', '=', id).where('completed_at', 'is', null).executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) return false;
  await appendAudit(trx, audit);
  return true;
}
