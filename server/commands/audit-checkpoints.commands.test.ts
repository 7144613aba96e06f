/**
 * Signed checkpoints of the audit chain: recorded at every N events and of the head; the two
 * attacks the bare chain cannot see — deleting the tail and moving the head back, rewriting an
 * event and recomputing the chain — are detected against exported checkpoints; a checkpoint file
 * from another server (another key) or one altered after signing is refused before anything is
 * checked. Runs on SQLite and on PostgreSQL.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ed25519Signer } from '../bundles/ed25519-signer';
import { chainHash } from '../db/audit-chain';
import { appendAudit, verifyAuditChain } from '../db/audit.repository';
import type { Db } from '../db/schema';
import { dueCheckpointSeqs } from '../domain/audit-checkpoint';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld } from '../testing/factories';
import { listCheckpoints, recordAuditCheckpoints, trustedCheckpoints, verifyAuditAgainstCheckpoints } from './audit-checkpoints.commands';

const newSigner = () => ed25519Signer(generateKeyPairSync('ed25519').privateKey);

/** Appends `n` more events through the repository, as commands do. */
async function addEvents(db: Db, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await db
      .transaction()
      .execute((trx) => appendAudit(trx, { actorId: null, actorLabel: 'test', action: 'thing.touched', objectType: 'thing', objectId: `t${i}`, summary: { i }, at: '2026-12-08T10:00:00.000Z' }));
  }
}

/** What someone with write access to the database can do: delete the tail and move the head back. */
async function truncateTo(db: Db, seq: number): Promise<void> {
  const last = await db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirstOrThrow();
  await db.deleteFrom('audit_events').where('seq', '>', seq).execute();
  await db.updateTable('audit_head').set({ seq, hash: last.hash }).where('id', '=', 1).execute();
}

/** Rewrites one event's summary and recomputes every later hash and the head, so the chain links again. */
async function rewriteAndRechain(db: Db, seq: number): Promise<void> {
  const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>=', seq).orderBy('seq').execute();
  let prev = rows[0]?.prev_hash as string;
  for (const [index, row] of rows.entries()) {
    const summary = index === 0 ? '{"rewritten":true}' : row.summary;
    const hash = chainHash(prev, {
      seq: Number(row.seq),
      at: row.at,
      actorId: row.actor_id,
      actorLabel: row.actor_label,
      action: row.action,
      objectType: row.object_type,
      objectId: row.object_id,
      projectId: row.project_id,
      summary: JSON.parse(summary),
    });
    await db.updateTable('audit_events').set({ summary, prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
    prev = hash;
  }
  const head = await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
  await db.updateTable('audit_head').set({ hash: prev, seq: head.seq }).where('id', '=', 1).execute();
}

describe('due checkpoints', () => {
  it('are the multiples of N after the last checkpoint, up to the head', () => {
    expect(dueCheckpointSeqs(1000, 3100, 1000)).toEqual([2000, 3000]);
    expect(dueCheckpointSeqs(0, 9, 5)).toEqual([5]);
    expect(dueCheckpointSeqs(12, 14, 5)).toEqual([]);
  });
});

describe.each(TEST_DIALECTS)('audit checkpoints on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  const signer = newSigner();
  const exported = async () => (await listCheckpoints(world.system)).map((c) => JSON.stringify(c)).join('\n');

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
  });
  afterEach(async () => database.close());

  it('signs one at every N events and one of the head, once each', async () => {
    const start = Number((await world.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    await addEvents(world.db, 12 - (start % 5));
    const head = start + 12 - (start % 5);
    const every = await recordAuditCheckpoints(world.system, signer, { every: 5, head: false });
    expect(every).toEqual(dueCheckpointSeqs(0, head, 5));
    expect(every.every((seq) => seq % 5 === 0)).toBe(true);
    expect(await recordAuditCheckpoints(world.system, signer, { every: 5, head: true })).toEqual(head % 5 === 0 ? [] : [head]);
    expect(await recordAuditCheckpoints(world.system, signer, { every: 5, head: true })).toEqual([]);
    const listed = await listCheckpoints(world.system);
    expect(listed.at(-1)).toMatchObject({ seq: head, keyFingerprint: signer.fingerprint, format: 'egress-audit-checkpoint/1' });
    const verified = await verifyAuditAgainstCheckpoints(world.system, await exported(), signer);
    expect(verified).toMatchObject({ ok: true, checkpoints: listed.length });
  });

  it('detects a deleted tail with the head moved back, which the bare chain accepts', async () => {
    await addEvents(world.db, 6);
    await recordAuditCheckpoints(world.system, signer, { every: 1000, head: true });
    const file = await exported();
    const head = Number((await world.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    await truncateTo(world.db, head - 3);
    expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true, events: head - 3 });
    const result = await verifyAuditAgainstCheckpoints(world.system, file, signer);
    expect(result).toMatchObject({ ok: false, brokenAt: head - 2 });
    expect(result.ok || result.reason).toContain(`covers event ${head}: events were deleted from the end`);
  });

  it('detects an event rewritten and its chain recomputed, which the bare chain accepts', async () => {
    await addEvents(world.db, 6);
    const [checkpointed] = await recordAuditCheckpoints(world.system, signer, { every: 1000, head: true });
    const file = await exported();
    await addEvents(world.db, 2); // events after the checkpoint are not pinned, but the rewrite is before it
    await rewriteAndRechain(world.db, 2);
    expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true });
    const result = await verifyAuditAgainstCheckpoints(world.system, file, signer);
    expect(result).toMatchObject({ ok: false, brokenAt: checkpointed });
    expect(result.ok || result.reason).toContain('the log was rewritten');
  });

  it('refuses a checkpoint file from another server, and one altered after signing, before checking anything', async () => {
    await addEvents(world.db, 2);
    await recordAuditCheckpoints(world.system, signer, { every: 1000, head: true });
    const file = await exported();
    const other = newSigner();
    expect(() => trustedCheckpoints(file, other)).toThrow(expect.objectContaining({ code: 'audit.checkpoint_unknown_key', message: expect.stringContaining('another server') }));
    const altered = JSON.parse(file.split('\n')[0] as string) as { headHash: string };
    altered.headHash = altered.headHash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(() => trustedCheckpoints(JSON.stringify(altered), signer)).toThrow(expect.objectContaining({ code: 'audit.checkpoint_bad_signature' }));
    expect(() => trustedCheckpoints('not json', signer)).toThrow(expect.objectContaining({ code: 'audit.checkpoints_invalid' }));
    expect(() => trustedCheckpoints('{"seq":1}', signer)).toThrow(expect.objectContaining({ code: 'audit.checkpoints_invalid' }));
  });
});
