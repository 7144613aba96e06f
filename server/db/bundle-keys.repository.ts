/** The public bundle signing keys (migration 0010). Never deleted: a rotation retires the previous key. */
import { type AuditInput, appendAudit } from './audit.repository';
import type { BundleKeysTable, Db, Tx } from './schema';

/** Every key, oldest first. */
export async function listBundleKeyRows(db: Db): Promise<BundleKeysTable[]> {
  return db.selectFrom('bundle_keys').selectAll().orderBy('created_at').orderBy('fingerprint').execute();
}

export async function findBundleKey(db: Db, fingerprint: string): Promise<BundleKeysTable | undefined> {
  return db.selectFrom('bundle_keys').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst();
}

/** Records a new current key, retiring every other current one at its creation time, with its audit event. */
export async function insertCurrentBundleKey(trx: Tx, row: BundleKeysTable, audit: AuditInput): Promise<void> {
  await trx.updateTable('bundle_keys').set({ retired_at: row.created_at }).where('retired_at', 'is', null).execute();
  await trx.insertInto('bundle_keys').values(row).execute();
  await appendAudit(trx, audit);
}
