/**
 * Registered destinations (migration 0009): inserted and retired with their audit event in the
 * same transaction; never updated otherwise and never deleted.
 */
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { Db, DestinationsTable, Tx } from './schema';

export async function findDestination(db: Db | Tx, id: string): Promise<DestinationsTable | undefined> {
  return db.selectFrom('destinations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The project's destinations, current ones first, each group by name. */
export async function listDestinations(db: Db, projectId: string, includeRetired: boolean): Promise<DestinationsTable[]> {
  let query = db.selectFrom('destinations').selectAll().where('project_id', '=', projectId);
  if (!includeRetired) query = query.where('retired_at', 'is', null);
  const rows = await query.execute();
  return rows.sort((a, b) => Number(a.retired_at !== null) - Number(b.retired_at !== null) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The current (not retired) destination of that name in the project, if any. */
export async function findCurrentDestinationByName(db: Db | Tx, projectId: string, name: string): Promise<DestinationsTable | undefined> {
  return db.selectFrom('destinations').selectAll().where('project_id', '=', projectId).where('name', '=', name).where('retired_at', 'is', null).executeTakeFirst();
}

export async function insertDestination(trx: Tx, row: Omit<DestinationsTable, 'id' | 'retired_at' | 'retired_by'>, audit: (id: string) => AuditInput): Promise<DestinationsTable> {
  const stored = { ...row, id: newId(), retired_at: null, retired_by: null };
  await trx.insertInto('destinations').values(stored).execute();
  await appendAudit(trx, audit(stored.id));
  return stored;
}

/** Retires a current destination; answers false when it was already retired (nothing written). */
export async function retireDestination(trx: Tx, id: string, at: string, by: string | null, audit: AuditInput): Promise<boolean> {
  const result = await trx.updateTable('destinations').set({ retired_at: at, retired_by: by }).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await appendAudit(trx, audit);
  return true;
}
