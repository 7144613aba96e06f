/**
 * Runs the job queue contract (job-queue-contract.testing.ts) against every adapter and dialect this
 * run covers: the table adapter on SQLite (a database file, so each adapter instance has its
 * own connection as a separate process would), the table adapter on PostgreSQL, and pg-boss on
 * PostgreSQL. Also checks which adapter `openJobQueue` picks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config';
import { type DatabaseHandle, openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { TEST_DIALECTS, createTestDatabase } from '../testing/databases';
import { type JobQueueTarget, describeJobQueueContract } from './job-queue-contract.testing';
import type { JobQueueLogger } from './job-queue-options';
import { claimNextJob } from './jobs-table.repository';
import { openJobQueue } from './open-job-queue';
import { createPgBossJobQueue } from './pg-boss.job-queue';
import { createTableJobQueue } from './table.job-queue';

const quiet: JobQueueLogger = { warn: () => undefined, error: () => undefined };

/** The lease of the worker that "dies" in the contract's crash case. */
const DEAD_WORKER_LEASE_MS = 100;

const tableOnSqlite: JobQueueTarget = {
  label: 'table adapter on SQLite',
  async createDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'egress-jobs-'));
    const url = `sqlite:${join(dir, 'egress.db')}`;
    const first = openDatabase(url);
    const report = await migrateToLatest(first.db);
    if (report.error) throw new Error(`migration failed: ${report.error}`);
    const handles: DatabaseHandle[] = [first];
    return {
      openQueue(options) {
        const handle = openDatabase(url);
        handles.push(handle);
        return createTableJobQueue({ db: handle.db, dialect: 'sqlite', pollIntervalMs: 10, log: quiet, ...options });
      },
      async abandonNextJob(queue) {
        const job = await claimNextJob(first.db, 'sqlite', queue, { now: new Date(), leaseMs: DEAD_WORKER_LEASE_MS });
        if (!job) throw new Error('no job to abandon');
      },
      async close() {
        for (const handle of handles) await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const tableOnPostgres: JobQueueTarget = {
  label: 'table adapter on PostgreSQL',
  async createDatabase() {
    const database = await createTestDatabase('postgres');
    const handles: DatabaseHandle[] = [];
    return {
      openQueue(options) {
        const handle = openDatabase(database.url);
        handles.push(handle);
        return createTableJobQueue({ db: handle.db, dialect: 'postgres', pollIntervalMs: 10, log: quiet, ...options });
      },
      async abandonNextJob(queue) {
        const job = await claimNextJob(database.db, 'postgres', queue, { now: new Date(), leaseMs: DEAD_WORKER_LEASE_MS });
        if (!job) throw new Error('no job to abandon');
      },
      async close() {
        for (const handle of handles) await handle.close();
        await database.close();
      },
    };
  },
};

const pgBossOnPostgres: JobQueueTarget = {
  label: 'pg-boss adapter on PostgreSQL',
  async createDatabase() {
    const database = await createTestDatabase('postgres');
    return {
      openQueue(options) {
        return createPgBossJobQueue({
          connectionString: database.url,
          pollIntervalMs: 500, // pg-boss's minimum
          maintenanceIntervalSeconds: 1, // expire the dead worker's job quickly
          poolSize: 3,
          log: quiet,
          ...options,
        });
      },
      async abandonNextJob(queue) {
        // A second pg-boss fetches the job (making it active) and goes away without finishing it.
        const boss = new PgBoss({ connectionString: database.url, max: 1, supervise: false, schedule: false, migrate: false });
        boss.on('error', () => undefined);
        await boss.start();
        const jobs = await boss.fetch(queue);
        await boss.stop({ graceful: false });
        if (jobs.length !== 1) throw new Error('no job to abandon');
      },
      close: () => database.close(),
    };
  },
};

describeJobQueueContract(tableOnSqlite);
if (TEST_DIALECTS.includes('postgres')) {
  describeJobQueueContract(tableOnPostgres);
  describeJobQueueContract(pgBossOnPostgres);
}

describe('openJobQueue', () => {
  it('uses the jobs table on SQLite when JOB_QUEUE is auto or table, and refuses pg-boss there', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const base = { db: database.db, dialect: 'sqlite' as const, databaseUrl: database.url };
      expect(openJobQueue({ ...base, kind: 'auto' }).kind).toBe('table');
      expect(openJobQueue({ ...base, kind: 'table' }).kind).toBe('table');
      expect(() => openJobQueue({ ...base, kind: 'pg-boss' })).toThrow(ConfigError);
    } finally {
      await database.close();
    }
  });

  it.runIf(TEST_DIALECTS.includes('postgres'))('uses pg-boss on PostgreSQL when JOB_QUEUE is auto, and the jobs table when asked', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const base = { db: database.db, dialect: 'postgres' as const, databaseUrl: database.url };
      expect(openJobQueue({ ...base, kind: 'auto' }).kind).toBe('pg-boss');
      expect(openJobQueue({ ...base, kind: 'pg-boss' }).kind).toBe('pg-boss');
      expect(openJobQueue({ ...base, kind: 'table' }).kind).toBe('table');
    } finally {
      await database.close();
    }
  });
});
