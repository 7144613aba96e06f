/**
 * Stored audit checkpoints (0015-audit-checkpoints): insert once per sequence number (a second
 * process signing the same one changes nothing), read oldest first, and the hashes of the events
 * a checkpoint is due at.
 */
import type { AuditCheckpointsTable, Db } from './schema';

/** Records a checkpoint; a checkpoint already stored for that event is kept as it is. */
export async function insertAuditCheckpoint(db: Db, row: AuditCheckpointsTable): Promise<void> {
  await db
    .insertInto('audit_checkpoints')
    .values(row)
    .onConflict((oc) => oc.column('seq').doNothing())
    .execute();
}

/** Every stored checkpoint, oldest first. */
export async function listAuditCheckpoints(db: Db): Promise<AuditCheckpointsTable[]> {
  return db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'asc').execute();
}

/** The highest checkpointed sequence number (0 when there is none). */
export async function lastCheckpointedSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('audit_checkpoints')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** The chain head: the last event's sequence number and hash. */
export async function readAuditHead(db: Db): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/** The stored hashes of these events (an event that is not stored is absent from the map). */
export async function eventHashes(db: Db, seqs: readonly number[]): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('seq', 'in', [...seqs])
    .execute();
  return new Map(rows.map((r) => [Number(r.seq), r.hash]));
}
