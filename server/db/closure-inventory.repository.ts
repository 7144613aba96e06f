/**
 * The output-area inventory (migration 0012, docs/closure.md): one row per file of a project's
 * area as the last refresh saw it (`seen_at`: when the row last changed; unchanged rows are not
 * rewritten), and one row per refresh run. A run's result is written in
 * one transaction (`saveInventory`): new and changed rows upserted, rows of files gone deleted,
 * the run finished with its counts — so a checklist never reads half a run.
 */
import type { KnownFile } from '../domain/closure/inventory-plan';
import { type AuditInput, appendAudit } from './audit.repository';
import type { Db, InventoryRefreshesTable, OutputAreaInventoryTable, Tx } from './schema';

// Rows per insert: 8 columns each, well inside both dialects' parameter limits.
const CHUNK = 400;

/** The newest run of the project (any state), and the newest that finished. */
export async function findLatestRefreshes(db: Db, projectId: string): Promise<{ latest: InventoryRefreshesTable | undefined; lastComplete: InventoryRefreshesTable | undefined }> {
  const latest = await db.selectFrom('inventory_refreshes').selectAll().where('project_id', '=', projectId).orderBy('number', 'desc').executeTakeFirst();
  const lastComplete = await db.selectFrom('inventory_refreshes').selectAll().where('project_id', '=', projectId).where('state', '=', 'done').orderBy('number', 'desc').executeTakeFirst();
  return { latest, lastComplete };
}

export async function findRefresh(db: Db, id: string): Promise<InventoryRefreshesTable | undefined> {
  return db.selectFrom('inventory_refreshes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A run of the project that is queued or running, if any. */
export async function findPendingRefresh(db: Db, projectId: string): Promise<InventoryRefreshesTable | undefined> {
  return db.selectFrom('inventory_refreshes').selectAll().where('project_id', '=', projectId).where('state', 'in', ['queued', 'running']).orderBy('number', 'desc').executeTakeFirst();
}

/** The number the project's next run gets (call under the project's lock). */
export async function nextRefreshNumber(db: Db, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('inventory_refreshes')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** Records a requested run; the audit event is written when a person asked (null for the schedule). */
export async function insertRefresh(trx: Tx, row: InventoryRefreshesTable, audit: AuditInput | null): Promise<void> {
  await trx.insertInto('inventory_refreshes').values(row).execute();
  if (audit) await appendAudit(trx, audit);
}

/** Marks a queued run as running (again, after a crash); false when it already finished. */
export async function startRefresh(trx: Tx, id: string, at: string): Promise<boolean> {
  const result = await trx.updateTable('inventory_refreshes').set({ state: 'running', started_at: at }).where('id', '=', id).where('state', 'in', ['queued', 'running']).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends a run as failed with the reason (only a run not yet finished). */
export async function failRefresh(trx: Tx, id: string, error: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('inventory_refreshes')
    .set({ state: 'failed', error: error.slice(0, 1000), finished_at: at })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The project's inventory rows as the refresh compares them. */
export async function loadKnownFiles(db: Db, projectId: string): Promise<Map<string, KnownFile>> {
  const rows = await db.selectFrom('output_area_inventory').select(['path', 'bytes', 'mtime_ms', 'etag', 'sha256']).where('project_id', '=', projectId).execute();
  return new Map(rows.map((r) => [r.path, { path: r.path, bytes: Number(r.bytes), mtimeMs: Number(r.mtime_ms), etag: r.etag, sha256: r.sha256 }]));
}

/** The project's inventory, sorted by path. */
export async function listInventory(db: Db, projectId: string): Promise<OutputAreaInventoryTable[]> {
  return db.selectFrom('output_area_inventory').selectAll().where('project_id', '=', projectId).orderBy('path').execute();
}

export interface InventoryResult {
  /** Rows new or changed since the last run. */
  upserts: OutputAreaInventoryTable[];
  /** Paths of files gone. */
  removed: string[];
  counts: Pick<InventoryRefreshesTable, 'files' | 'hashed' | 'kept' | 'removed' | 'skipped' | 'unreadable'>;
}

/** Writes a run's result and finishes the run, with the audit event when there is one; false when the run had already finished. */
export async function saveInventory(trx: Tx, refreshId: string, projectId: string, result: InventoryResult, at: string, audit: AuditInput | null): Promise<boolean> {
  const finished = await trx
    .updateTable('inventory_refreshes')
    .set({ state: 'done', finished_at: at, error: null, ...result.counts })
    .where('id', '=', refreshId)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (Number(finished.numUpdatedRows) === 0) return false;
  for (let i = 0; i < result.removed.length; i += CHUNK) {
    await trx
      .deleteFrom('output_area_inventory')
      .where('project_id', '=', projectId)
      .where('path', 'in', result.removed.slice(i, i + CHUNK))
      .execute();
  }
  for (let i = 0; i < result.upserts.length; i += CHUNK) {
    await trx
      .insertInto('output_area_inventory')
      .values(result.upserts.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['project_id', 'path']).doUpdateSet((eb) => ({
          bytes: eb.ref('excluded.bytes'),
          mtime_ms: eb.ref('excluded.mtime_ms'),
          etag: eb.ref('excluded.etag'),
          sha256: eb.ref('excluded.sha256'),
          hashed_at: eb.ref('excluded.hashed_at'),
          seen_at: eb.ref('excluded.seen_at'),
        })),
      )
      .execute();
  }
  if (audit) await appendAudit(trx, audit);
  return true;
}

/** Projects the schedule refreshes: not closed, with an output area, and no run queued or running. */
export async function listProjectsToInventory(db: Db): Promise<{ id: string }[]> {
  return db
    .selectFrom('projects')
    .select('projects.id')
    .where('projects.status', '!=', 'closed')
    .where('projects.output_area', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('inventory_refreshes')
            .select('inventory_refreshes.id')
            .whereRef('inventory_refreshes.project_id', '=', 'projects.id')
            .where('inventory_refreshes.state', 'in', ['queued', 'running']),
        ),
      ),
    )
    .execute();
}
