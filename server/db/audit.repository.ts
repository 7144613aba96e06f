/**
 * Append-only audit log. `appendAudit` must run inside the transaction of the change it
 * records; it serialises writers by updating the single `audit_head` row first (a row lock
 * on PostgreSQL; SQLite runs one writer at a time), so the chain never forks.
 */
import type { AuditEvent } from '../../common/contracts/audit.contract';
import { type ChainedFields, GENESIS_HASH, canonicalJson, chainHash } from './audit-chain';
import type { AuditEventsTable, Db, Tx } from './schema';

/** What a command says about a change. The summary must never hold secrets or file contents. */
export interface AuditInput {
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  projectId?: string | null;
  summary?: Record<string, unknown>;
  at: string;
}

export async function appendAudit(trx: Tx, input: AuditInput): Promise<AuditEvent> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const fields: ChainedFields = {
    seq: Number(head.seq),
    at: input.at,
    actorId: input.actorId,
    actorLabel: input.actorLabel,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    projectId: input.projectId ?? null,
    summary: input.summary ?? {},
  };
  const hash = chainHash(head.hash, fields);
  const row: AuditEventsTable = {
    seq: fields.seq,
    at: fields.at,
    actor_id: fields.actorId,
    actor_label: fields.actorLabel,
    action: fields.action,
    object_type: fields.objectType,
    object_id: fields.objectId,
    project_id: fields.projectId,
    summary: canonicalJson(fields.summary),
    prev_hash: head.hash,
    hash,
  };
  await trx.insertInto('audit_events').values(row).execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  return toAuditEvent(row);
}

/** The hashed fields of a stored row (the summary already parsed). */
function chainedFieldsOf(row: AuditEventsTable, summary: unknown): ChainedFields {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    projectId: row.project_id,
    summary,
  };
}

export function toAuditEvent(row: AuditEventsTable): AuditEvent {
  const summary = JSON.parse(row.summary) as Record<string, unknown>;
  return {
    ...chainedFieldsOf(row, summary),
    summary,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Newest first, `limit` events with seq below `before`, optionally for one project and/or one object. */
export async function listAuditEvents(db: Db, options: { projectId?: string; object?: { type: string; id: string }; before?: number; limit: number }): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(options.limit);
  if (options.projectId) q = q.where('project_id', '=', options.projectId);
  if (options.object) q = q.where('object_type', '=', options.object.type).where('object_id', '=', options.object.id);
  if (options.before) q = q.where('seq', '<', options.before);
  return (await q.execute()).map(toAuditEvent);
}

/** Oldest first, in pages, for verification and export without loading the whole log. */
export async function* streamAuditRows(db: Db, pageSize = 1000): AsyncGenerator<AuditEventsTable> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(pageSize).execute();
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]?.seq);
  }
}

export type ChainVerification = { ok: true; events: number; headHash: string; checkpoints?: number } | { ok: false; events: number; brokenAt: number; reason: string; checkpoints?: number };

/** A checkpoint to hold the chain to (already checked as signed by this server). */
export interface TrustedCheckpoint {
  seq: number;
  headHash: string;
  at: string;
}

/**
 * Re-computes the chain from the first event. Reports the first event whose sequence number,
 * link to its predecessor or own hash does not fit, or a head that does not match the last
 * event (a deleted tail). With `checkpoints` (signed copies kept elsewhere), also reports an
 * event whose hash differs from a checkpoint's (the log was rewritten and re-chained) and a
 * chain that ends before a checkpoint's event (its tail was deleted and the head moved back).
 */
export async function verifyAuditChain(db: Db, checkpoints?: readonly TrustedCheckpoint[]): Promise<ChainVerification> {
  const chain = await verifyChainLinks(db, checkpoints ?? []);
  return checkpoints === undefined ? chain : { ...chain, checkpoints: checkpoints.length };
}

async function verifyChainLinks(db: Db, checkpoints: readonly TrustedCheckpoint[]): Promise<ChainVerification> {
  const pinned = [...checkpoints].sort((a, b) => a.seq - b.seq);
  let nextPin = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for await (const row of streamAuditRows(db)) {
    const seq = Number(row.seq);
    if (seq !== expectedSeq) {
      return { ok: false, events: count, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing (next stored is ${seq})` };
    }
    if (row.prev_hash !== prevHash) {
      return { ok: false, events: count, brokenAt: seq, reason: `event ${seq} does not link to the event before it` };
    }
    let summary: unknown;
    try {
      summary = JSON.parse(row.summary);
    } catch {
      return { ok: false, events: count, brokenAt: seq, reason: `event ${seq} has an unreadable summary` };
    }
    const recomputed = chainHash(prevHash, chainedFieldsOf(row, summary));
    if (recomputed !== row.hash || canonicalJson(summary) !== row.summary) {
      return { ok: false, events: count, brokenAt: seq, reason: `event ${seq} was altered after it was written` };
    }
    while (nextPin < pinned.length && (pinned[nextPin] as TrustedCheckpoint).seq <= seq) {
      const pin = pinned[nextPin] as TrustedCheckpoint;
      if (pin.seq === seq && pin.headHash !== row.hash) {
        return {
          ok: false,
          events: count,
          brokenAt: seq,
          reason: `event ${seq} does not match the checkpoint signed at ${pin.at}: the log was rewritten at or before event ${seq} and its chain recomputed`,
        };
      }
      nextPin++;
    }
    prevHash = row.hash;
    expectedSeq = seq + 1;
    count++;
  }
  const beyond = pinned.at(-1);
  if (beyond && beyond.seq > count) {
    return {
      ok: false,
      events: count,
      brokenAt: count + 1,
      reason: `the log ends at event ${count} but a checkpoint signed at ${beyond.at} covers event ${beyond.seq}: events were deleted from the end`,
    };
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) return { ok: false, events: count, brokenAt: expectedSeq, reason: 'the chain head record is missing' };
  const headSeq = Number(head.seq);
  if (count > headSeq) {
    return { ok: false, events: count, brokenAt: headSeq + 1, reason: `event ${headSeq + 1} was added behind the chain head, which ends at event ${headSeq}` };
  }
  if (count < headSeq) {
    return { ok: false, events: count, brokenAt: count + 1, reason: `the chain head records ${headSeq} events but only ${count} are stored (events were deleted from the end)` };
  }
  if (head.hash !== prevHash) {
    return { ok: false, events: count, brokenAt: count, reason: `event ${count} does not match the hash recorded by the chain head` };
  }
  return { ok: true, events: count, headHash: prevHash };
}
