/**
 * The life of a test world: a new migrated database with the standard cast (createWorld), and
 * at the end a check that the audit chain is still intact before the database is dropped.
 *
 * Example: `const life = worldLifecycle(dialect); beforeEach(async () => { world = await life.open(); }); afterEach(life.close);`
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { addDataset } from '../commands/projects.commands';
import type { Dialect } from '../db/connect';
import { verifyAuditChain } from '../db/audit.repository';
import { type TestDatabase, createTestDatabase } from './databases';
import { type World, createWorld } from './factories';

export function worldLifecycle(dialect: Dialect): { open(): Promise<World>; close(): Promise<void>; database(): TestDatabase } {
  let database: TestDatabase | undefined;
  return {
    /** The open world's database, e.g. for createTestServices. */
    database() {
      if (!database) throw new Error('no open test world');
      return database;
    },
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

/**
 * The two ways a test file shares worlds: a new one per test (for tests that change things), or
 * one per describe block (only for refusals, each of which asserts that nothing changed).
 * `set` receives each new world.
 */
export function worldScopes(dialect: Dialect, set: (world: World) => void): { freshWorldPerTest(): void; sharedWorld(): void } {
  const life = worldLifecycle(dialect);
  const open = async () => set(await life.open());
  return {
    freshWorldPerTest: () => {
      beforeEach(open);
      afterEach(life.close);
    },
    sharedWorld: () => {
      beforeAll(open);
      afterAll(life.close);
    },
  };
}

/** The id of a person's active participation in the world's project. */
export async function participantIdOf(world: World, key: string): Promise<string> {
  const row = await world.db
    .selectFrom('participants')
    .select('id')
    .where('project_id', '=', world.projectId)
    .where('user_id', '=', personIn(world, key).id)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a second data provider representative ("dpr2") with "Dataset B"; returns the dataset id. */
export async function addSecondDataset(world: World): Promise<string> {
  const dpr2 = await world.addPerson('dpr2', { projectRole: 'data_provider_representative' });
  await addDataset(world.system, world.projectId, { name: 'Dataset B', providerName: 'Provider B', representativeUserId: dpr2.id });
  const row = await world.db.selectFrom('datasets').select('id').where('name', '=', 'Dataset B').executeTakeFirstOrThrow();
  return row.id;
}
