/**
 * Test databases. Every repository and command test runs on SQLite, and on PostgreSQL when
 * TEST_DATABASE_URL points at a server whose user may create databases (CI always sets it,
 * with EGRESS_REQUIRE_POSTGRES=1 so the PostgreSQL suite cannot be skipped silently).
 * Each test database is new and migrated; PostgreSQL ones are dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, type Dialect, openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';

const pgAdminUrl = process.env.TEST_DATABASE_URL;
if (process.env.EGRESS_REQUIRE_POSTGRES === '1' && !pgAdminUrl) {
  throw new Error('EGRESS_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL suite would be skipped');
}

/** The dialects this run covers. */
export const TEST_DIALECTS: Dialect[] = pgAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends DatabaseHandle {
  url: string;
}

/** A new migrated database: SQLite in memory (or in `sqliteFile`, for benchmarks), or a new PostgreSQL database. */
export async function createTestDatabase(dialect: Dialect, options: { sqliteFile?: string } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const url = options.sqliteFile ? `sqlite:${options.sqliteFile}` : 'sqlite::memory:';
    const handle = openDatabase(url);
    await migrateOrThrow(handle);
    return { ...handle, url };
  }
  const name = `egress_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgAdminUrl as string);
  url.pathname = `/${name}`;
  const handle = openDatabase(url.toString());
  await migrateOrThrow(handle);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: pgAdminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

async function migrateOrThrow(handle: DatabaseHandle): Promise<void> {
  const report = await migrateToLatest(handle.db);
  if (report.error) throw new Error(`migration failed: ${report.error}`);
}
