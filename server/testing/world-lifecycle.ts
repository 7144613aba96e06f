/**
 * The life of a test world: a new migrated database with the standard cast (createWorld), and
 * at the end a check that the audit chain is still intact before the database is dropped.
 *
 * Example: `const life = worldLifecycle(dialect); beforeEach(async () => { world = await life.open(); }); afterEach(life.close);`
 */
import { expect } from 'vitest';
import type { Dialect } from '../db/connect';
import { verifyAuditChain } from '../db/audit.repository';
import { type TestDatabase, createTestDatabase } from './databases';
import { type World, createWorld } from './factories';

export function worldLifecycle(dialect: Dialect): { open(): Promise<World>; close(): Promise<void> } {
  let database: TestDatabase | undefined;
  return {
    async open() {
      database = await createTestDatabase(dialect);
      return createWorld(database.db);
    },
    async close() {
      const opened = database;
      database = undefined;
      if (!opened) return;
      try {
        expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: true });
      } finally {
        await opened.close();
      }
    },
  };
}

/** A person of the world by key; throws when the test asks for someone who is not there. */
export function personIn(world: World, key: string): World['users'][string] {
  const p = world.users[key];
  if (!p) throw new Error(`no person ${key} in the test world`);
  return p;
}
