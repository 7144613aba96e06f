/**
 * The audit log's hash chain: verification of an intact chain, detection of every kind of
 * tampering with stored rows, transactional writes and concurrent writers.
 * Runs on SQLite and on PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld } from '../testing/factories';
import { chainHash } from './audit-chain';
import { type AuditInput, type ChainVerification, appendAudit, listAuditEvents, verifyAuditChain } from './audit.repository';
import type { AuditEventsTable, Db, Tx } from './schema';

const input = (action: string, summary: Record<string, unknown> = {}): AuditInput => ({
  actorId: null,
  actorLabel: 'test',
  action,
  objectType: 'thing',
  objectId: 'thing-1',
  projectId: null,
  summary,
  at: '2026-11-27T10:00:00.000Z',
});

const rows = (db: Db) => db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
const head = (db: Db) => db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();

/** Thrown to roll back a tampering transaction once the chain has been checked inside it. */
const ROLLBACK = new Error('roll back the tampering');

describe.each(TEST_DIALECTS)('audit chain on %s', (dialect) => {
  const concurrently = dialect === 'postgres' ? 'truly concurrent' : 'queued';
  let database: TestDatabase;
  let world: World;
  let stored: AuditEventsTable[];
  let middle: AuditEventsTable;
  const openWorld = async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
    stored = await rows(world.db);
    middle = stored[Math.floor(stored.length / 2)] as AuditEventsTable;
  };

  /**
   * Tampers inside a transaction, verifies the chain as seen inside it, then rolls back, so
   * that every tampering test starts from the same intact world.
   */
  const verifyAfter = async (tamper: (trx: Tx) => Promise<unknown>): Promise<ChainVerification> => {
    let result: ChainVerification | undefined;
    await world.db
      .transaction()
      .execute(async (trx) => {
        await tamper(trx);
        result = await verifyAuditChain(trx);
        throw ROLLBACK;
      })
      .catch((error: unknown) => {
        if (error !== ROLLBACK) throw error;
      });
    return result as ChainVerification;
  };

  describe('reading an intact chain, and detecting tampering', () => {
    beforeAll(openWorld);
    afterAll(async () => {
      // Every tampering was rolled back: the shared world's chain is still intact.
      expect(await verifyAuditChain(world.db)).toEqual({ ok: true, events: stored.length, headHash: stored.at(-1)?.hash });
      await database.close();
    });

    it('verifies the chain of a freshly built world, counting every stored event', async () => {
      expect(stored.length).toBeGreaterThan(10);
      expect(stored.map((r) => Number(r.seq))).toEqual(stored.map((_, i) => i + 1));
      const last = stored[stored.length - 1] as AuditEventsTable;
      expect(await verifyAuditChain(world.db)).toEqual({ ok: true, events: stored.length, headHash: last.hash });
      expect(await head(world.db)).toMatchObject({ seq: stored.length, hash: last.hash });
    });

    it('lists a project’s events newest first, a page at a time', async () => {
      const projectEvents = stored
        .filter((r) => r.project_id === world.projectId)
        .map((r) => Number(r.seq))
        .reverse();
      const firstPage = await listAuditEvents(world.db, { projectId: world.projectId, limit: 3 });
      expect(firstPage.map((e) => e.seq)).toEqual(projectEvents.slice(0, 3));
      const secondPage = await listAuditEvents(world.db, { projectId: world.projectId, limit: 3, before: firstPage[2]?.seq as number });
      expect(secondPage.map((e) => e.seq)).toEqual(projectEvents.slice(3, 6));
    });

    it.each<[keyof AuditEventsTable, (row: AuditEventsTable, count: number) => string | number | null]>([
      ['seq', (_row, count) => count + 1000],
      ['at', () => '2020-01-01T00:00:00.000Z'],
      ['actor_id', (row) => (row.actor_id === null ? 'forged-actor' : null)],
      ['actor_label', () => 'Someone Else <someone@example.org>'],
      ['action', () => 'project.deleted'],
      ['object_type', () => 'nothing'],
      ['object_id', () => 'forged-object'],
      ['project_id', (row) => (row.project_id === null ? 'forged-project' : null)],
      ['summary', () => '{"forged":true}'],
      ['prev_hash', () => 'f'.repeat(64)],
      ['hash', () => 'e'.repeat(64)],
    ])('detects a changed %s at that event', async (column, forge) => {
      const value = forge(middle, stored.length);
      expect(value).not.toEqual(middle[column]);
      const result = await verifyAfter((trx) =>
        trx
          .updateTable('audit_events')
          .set({ [column]: value } as Partial<AuditEventsTable>)
          .where('seq', '=', middle.seq)
          .execute(),
      );
      expect(result).toMatchObject({ ok: false, brokenAt: Number(middle.seq), events: Number(middle.seq) - 1 });
    });

    it.each(['first', 'last'] as const)('detects a changed summary or actor at the %s event', async (position) => {
      const target = (position === 'first' ? stored[0] : stored.at(-1)) as AuditEventsTable;
      for (const change of [{ summary: '{"forged":true}' }, { actor_label: 'Someone Else <someone@example.org>' }]) {
        const result = await verifyAfter((trx) => trx.updateTable('audit_events').set(change).where('seq', '=', target.seq).execute());
        expect(result).toMatchObject({ ok: false, brokenAt: Number(target.seq), events: Number(target.seq) - 1 });
      }
    });

    it('detects an event inserted in the middle with a correct hash and the later events renumbered', async () => {
      const at = Number(middle.seq) + 1;
      const result = await verifyAfter(async (trx) => {
        for (let seq = stored.length; seq >= at; seq--) {
          await trx
            .updateTable('audit_events')
            .set({ seq: seq + 1 })
            .where('seq', '=', seq)
            .execute();
        }
        await trx
          .updateTable('audit_head')
          .set({ seq: stored.length + 1 })
          .execute();
        await insertForgery(trx, at, middle.hash);
      });
      // The forged event links correctly to the one before it; the event after it no longer does.
      expect(result).toMatchObject({ ok: false, events: at, brokenAt: at + 1 });
    });

    it('detects a summary rewritten with the same meaning but different bytes', async () => {
      const spaced = JSON.stringify(JSON.parse(middle.summary), null, 2);
      expect(spaced).not.toBe(middle.summary);
      const result = await verifyAfter((trx) => trx.updateTable('audit_events').set({ summary: spaced }).where('seq', '=', middle.seq).execute());
      expect(result).toMatchObject({ ok: false, brokenAt: Number(middle.seq), reason: `event ${middle.seq} was altered after it was written` });
    });

    it('detects an unreadable summary at that event', async () => {
      const result = await verifyAfter((trx) => trx.updateTable('audit_events').set({ summary: '{not json' }).where('seq', '=', middle.seq).execute());
      expect(result).toMatchObject({ ok: false, brokenAt: Number(middle.seq), reason: `event ${middle.seq} has an unreadable summary` });
    });

    it('detects a deleted middle event at its seq', async () => {
      expect(await verifyAfter((trx) => trx.deleteFrom('audit_events').where('seq', '=', middle.seq).execute())).toEqual({
        ok: false,
        events: Number(middle.seq) - 1,
        brokenAt: Number(middle.seq),
        reason: `event ${middle.seq} is missing (next stored is ${Number(middle.seq) + 1})`,
      });
    });

    it('detects a deleted last event through the chain head', async () => {
      const result = await verifyAfter((trx) => trx.deleteFrom('audit_events').where('seq', '=', stored.length).execute());
      expect(result).toMatchObject({ ok: false, events: stored.length - 1, brokenAt: stored.length });
    });

    it('detects a missing chain head', async () => {
      const result = await verifyAfter((trx) => trx.deleteFrom('audit_head').execute());
      expect(result).toMatchObject({ ok: false, events: stored.length, brokenAt: stored.length + 1, reason: 'the chain head record is missing' });
    });

    /** Inserts a forged event at `seq` whose hash is correctly computed over `prevHash`. */
    const insertForgery = async (trx: Tx, seq: number, prevHash: string) => {
      const forged = input('user.created', { email: 'mallory@example.org' });
      const hash = chainHash(prevHash, { ...forged, seq, projectId: null, summary: forged.summary });
      await trx
        .insertInto('audit_events')
        .values({
          seq,
          at: forged.at,
          actor_id: null,
          actor_label: forged.actorLabel,
          action: forged.action,
          object_type: forged.objectType,
          object_id: forged.objectId,
          project_id: null,
          summary: '{"email":"mallory@example.org"}',
          prev_hash: prevHash,
          hash,
        })
        .execute();
    };
    const appendForgery = (trx: Tx) => insertForgery(trx, stored.length + 1, (stored[stored.length - 1] as AuditEventsTable).hash);

    it('detects an event appended at the end with a correctly computed hash', async () => {
      expect(await verifyAfter(appendForgery)).toMatchObject({ ok: false, events: stored.length + 1 });
    });

    // The first event that does not fit is the forged one; nothing was deleted.
    it('points at the appended event and does not call it a deletion', async () => {
      const result = await verifyAfter(appendForgery);
      expect(result).toMatchObject({ ok: false, brokenAt: stored.length + 1 });
      expect(result.ok ? '' : result.reason).not.toMatch(/deleted/);
    });
  });

  describe('writing', () => {
    beforeEach(openWorld);
    afterEach(async () => database.close());

    it('links a new event to the head and stores its summary in canonical form', async () => {
      const before = await head(world.db);
      const event = await world.db.transaction().execute((trx) => appendAudit(trx, input('thing.done', { b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })));
      expect(event).toMatchObject({ seq: stored.length + 1, prevHash: before.hash, summary: { a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 } });
      const row = (await rows(world.db)).at(-1) as AuditEventsTable;
      expect(row.summary).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
      expect(await head(world.db)).toMatchObject({ seq: stored.length + 1, hash: event.hash });
      expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true, events: stored.length + 1 });
    });

    it('leaves no audit row and an unchanged head when the transaction that wrote it fails', async () => {
      const before = await head(world.db);
      await expect(
        world.db.transaction().execute(async (trx) => {
          await appendAudit(trx, input('thing.attempted'));
          throw new Error('the change failed after its audit event was written');
        }),
      ).rejects.toThrow('the change failed after its audit event was written');
      expect(await rows(world.db)).toEqual(stored);
      expect(await head(world.db)).toEqual(before);
      const next = await world.db.transaction().execute((trx) => appendAudit(trx, input('thing.done')));
      expect(next.seq).toBe(stored.length + 1);
      expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true, events: stored.length + 1 });
    });

    it(`keeps the chain intact and the seq contiguous with 20 concurrent writers (${concurrently})`, async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          world.db.transaction().execute(async (trx) => {
            await trx.selectFrom('users').select('id').execute();
            return appendAudit(trx, input('thing.concurrent', { i }));
          }),
        ),
      );
      const after = await rows(world.db);
      expect(after.map((r) => Number(r.seq))).toEqual(after.map((_, i) => i + 1));
      expect(
        after
          .slice(stored.length)
          .map((r) => JSON.parse(r.summary).i)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true, events: stored.length + 20 });
    });
  });
});
