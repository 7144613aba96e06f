/**
 * The server's audit checkpointer: it checkpoints the head (and every due multiple of N) at start-up, then signs one at every
 * N events as the chain grows, and stops cleanly. Runs on SQLite and on PostgreSQL.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ed25519Signer } from '../bundles/ed25519-signer';
import { listCheckpoints } from '../commands/audit-checkpoints.commands';
import { appendAudit } from '../db/audit.repository';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld } from '../testing/factories';
import { startAuditCheckpointer } from './audit-checkpointer';

describe.each(TEST_DIALECTS)('audit checkpointer on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
  });
  afterEach(async () => database.close());

  it('checkpoints the head at start, then every N events', async () => {
    const signer = ed25519Signer(generateKeyPairSync('ed25519').privateKey);
    const head = async () => Number((await world.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    const start = await head();
    const checkpointer = await startAuditCheckpointer(world.system, signer, { every: 4, intervalMs: 0 }, { pollMs: 20 });
    try {
      const atStart: number[] = [];
      for (let seq = 4; seq < start; seq += 4) atStart.push(seq);
      expect((await listCheckpoints(world.system)).map((c) => c.seq)).toEqual([...atStart, start]);
      for (let i = 0; i < 9; i++) {
        await world.db
          .transaction()
          .execute((trx) => appendAudit(trx, { actorId: null, actorLabel: 'test', action: 'thing.touched', objectType: 'thing', objectId: 't', at: '2026-12-08T10:00:00.000Z' }));
      }
      const multiples: number[] = [];
      for (let seq = start + 1; seq <= start + 9; seq++) if (seq % 4 === 0) multiples.push(seq);
      await vi.waitFor(async () => expect((await listCheckpoints(world.system)).map((c) => c.seq)).toEqual([...atStart, start, ...multiples]), { timeout: 5_000 });
    } finally {
      await checkpointer.stop();
    }
  });
});
