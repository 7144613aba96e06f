/**
 * What the pg-boss adapter does beyond the shared contract: how it translates the JobQueue
 * options into pg-boss's job settings (read back from pg-boss's own table), that it keeps to its
 * schema, and that a handler running past its lease on its last attempt ends in onDead.
 * PostgreSQL only.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobContext, JobQueue } from '../ports/job-queue';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import type { JobQueueLogger } from './job-queue-options';
import { createPgBossJobQueue } from './pg-boss.job-queue';

const quiet: JobQueueLogger = { warn: () => undefined, error: () => undefined };

describe.runIf(TEST_DIALECTS.includes('postgres'))('pg-boss job queue', () => {
  let database: TestDatabase;
  let jobs: JobQueue;

  beforeEach(async () => {
    database = await createTestDatabase('postgres');
  });
  afterEach(async () => {
    await jobs.stop();
    await database.close();
  });

  it('stores maxAttempts, backoff, lease and delay as pg-boss settings, in its own schema', async () => {
    jobs = createPgBossJobQueue({ connectionString: database.url, schema: 'egress_jobs', leaseMs: 90_000, log: quiet });
    await jobs.start();
    const id = await jobs.enqueue('p.settings', { n: 1 }, { maxAttempts: 4, backoffMs: 2_500, delayMs: 60_000 });
    const { rows } = await sql<{ retry_limit: number; retry_delay: number; retry_backoff: boolean; dead_letter: string; expire: number; delayed: boolean; data: unknown }>`
      select retry_limit, retry_delay, retry_backoff, dead_letter, extract(epoch from expire_in)::int as expire,
             start_after > now() + interval '50 seconds' as delayed, data
      from egress_jobs.job where id = ${id}`.execute(database.db);
    expect(rows).toEqual([
      {
        retry_limit: 3,
        retry_delay: 3,
        retry_backoff: true,
        dead_letter: 'p.settings:dead',
        expire: 90,
        delayed: true,
        data: { jobId: id, maxAttempts: 4, payload: { n: 1 } },
      },
    ]);
    const schemas = await sql<{ name: string }>`select schema_name as name from information_schema.schemata where schema_name like '%boss%' or schema_name = 'egress_jobs'`.execute(database.db);
    expect(schemas.rows).toEqual([{ name: 'egress_jobs' }]);
  });

  it('refuses to enqueue before start()', async () => {
    jobs = createPgBossJobQueue({ connectionString: database.url, log: quiet });
    await expect(jobs.enqueue('p.early', { n: 1 })).rejects.toThrow(/start\(\)/);
  });

  it('calls onDead when a handler runs past its lease on the last attempt', async () => {
    jobs = createPgBossJobQueue({ connectionString: database.url, leaseMs: 1_000, pollIntervalMs: 500, log: quiet });
    await jobs.start();
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const dead: { job: JobContext<{ n: number }>; error: string }[] = [];
    await jobs.work<{ n: number }>('p.timeout', { handler: () => hung, onDead: async (job, error) => void dead.push({ job, error }) });
    const id = await jobs.enqueue('p.timeout', { n: 6 }, { maxAttempts: 1 });
    for (let i = 0; i < 1_000 && dead.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    release(); // the handler pg-boss gave up on still counts as running until it returns
    await jobs.drain('p.timeout');
    expect(dead).toEqual([{ job: { id, payload: { n: 6 }, attempt: 1 }, error: 'handler execution exceeded 1000ms' }]);
  });
});
