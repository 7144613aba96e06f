/**
 * What the table adapter does beyond the shared contract, pinned with a manual clock so retry
 * times and leases are exact: the backoff schedule, delayed jobs, fenced completion after a
 * lease ran out, dead jobs of vanished workers, durable onDead notices, refusals and stop().
 * Runs on SQLite and on PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors';
import type { Db } from '../db/schema';
import { manualClock } from '../ports/clock';
import type { JobContext, JobQueue } from '../ports/job-queue';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import type { JobQueueLogger } from './job-queue-options';
import { LEASE_EXPIRED_MESSAGE, type JobRow, claimNextJob, completeJob, recordFailure } from './jobs-table.repository';
import { createTableJobQueue } from './table.job-queue';

interface Payload {
  n: number;
}

const at = (d: Date, ms: number) => new Date(d.getTime() + ms);

async function jobRow(db: Db, id: string): Promise<JobRow> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Polls the job's row until `condition` holds (gives up after 10 s); returns the row. */
async function rowWhen(db: Db, id: string, condition: (row: JobRow) => boolean): Promise<JobRow> {
  for (let i = 0; i < 1_000; i++) {
    const row = await jobRow(db, id);
    if (condition(row)) return row;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${id} never reached the expected state: ${JSON.stringify(await jobRow(db, id))}`);
}

describe.each(TEST_DIALECTS)('table job queue on %s', (dialect) => {
  let database: TestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let jobs: JobQueue;
  let logged: string[];

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = manualClock();
    logged = [];
    const log: JobQueueLogger = { warn: (_d, message) => void logged.push(message), error: (_d, message) => void logged.push(message) };
    jobs = createTableJobQueue({ db: database.db, dialect, clock, pollIntervalMs: 5, leaseMs: 1_000, log });
    await jobs.start();
  });
  afterEach(async () => {
    await jobs.stop();
    await database.close();
  });

  it('waits backoffMs * 2^(attempt-1) on its clock before each retry, and gives up after maxAttempts', async () => {
    const attempts: number[] = [];
    const dead: string[] = [];
    await jobs.work<Payload>('t.backoff', {
      handler: async (job) => {
        attempts.push(job.attempt);
        throw new Error(`nope ${job.attempt}`);
      },
      onDead: async (_job, error) => void dead.push(error),
    });
    const t0 = clock.now();
    const id = await jobs.enqueue<Payload>('t.backoff', { n: 1 }, { maxAttempts: 3, backoffMs: 1_000 });

    const afterFirst = await rowWhen(database.db, id, (r) => r.attempts === 1 && r.state === 'queued');
    expect(afterFirst).toMatchObject({ run_at: at(t0, 1_000).toISOString(), last_error: 'nope 1', lease_until: null });
    expect(await claimNextJob(database.db, dialect, 't.backoff', { now: at(t0, 999), leaseMs: 1_000 })).toBeUndefined();

    clock.advance(1_000);
    const afterSecond = await rowWhen(database.db, id, (r) => r.attempts === 2 && r.state === 'queued');
    expect(afterSecond).toMatchObject({ run_at: at(t0, 1_000 + 2_000).toISOString(), last_error: 'nope 2' });

    clock.advance(2_000);
    const deadRow = await rowWhen(database.db, id, (r) => r.finished_at !== null);
    expect(deadRow).toMatchObject({ state: 'failed', attempts: 3, last_error: 'nope 3', finished_at: clock.now().toISOString() });
    expect(attempts).toEqual([1, 2, 3]);
    expect(dead).toEqual(['nope 3']);
  });

  it('does not hand out a delayed job before its time', async () => {
    const t0 = clock.now();
    const id = await jobs.enqueue<Payload>('t.delayed', { n: 1 }, { delayMs: 5_000 });
    expect(await claimNextJob(database.db, dialect, 't.delayed', { now: at(t0, 4_999), leaseMs: 1_000 })).toBeUndefined();
    const claimed = await claimNextJob(database.db, dialect, 't.delayed', { now: at(t0, 5_000), leaseMs: 1_000 });
    expect(claimed).toMatchObject({ id, state: 'active', attempts: 1, lease_until: at(t0, 6_000).toISOString() });
  });

  it('keeps at most 1000 characters of an error message', async () => {
    const dead: string[] = [];
    await jobs.work<Payload>('t.long-error', {
      handler: async () => {
        throw new Error('x'.repeat(5_000));
      },
      onDead: async (_job, error) => void dead.push(error),
    });
    const id = await jobs.enqueue<Payload>('t.long-error', { n: 1 }, { maxAttempts: 1 });
    const row = await rowWhen(database.db, id, (r) => r.finished_at !== null);
    expect(row.last_error).toHaveLength(1_000);
    expect(dead).toEqual([row.last_error]);
  });

  it('ignores the result of a worker that finished after its lease ran out and the job was claimed again', async () => {
    const t0 = clock.now();
    const id = await jobs.enqueue<Payload>('t.fenced', { n: 1 }, { maxAttempts: 3 });
    const slow = await claimNextJob(database.db, dialect, 't.fenced', { now: t0, leaseMs: 1_000 });
    expect(await claimNextJob(database.db, dialect, 't.fenced', { now: at(t0, 999), leaseMs: 1_000 })).toBeUndefined();
    const second = await claimNextJob(database.db, dialect, 't.fenced', { now: at(t0, 1_000), leaseMs: 1_000 });
    expect(second).toMatchObject({ id, attempts: 2 });

    expect(await completeJob(database.db, id, 1, at(t0, 1_500))).toBe(false);
    expect(await recordFailure(database.db, slow as JobRow, 'late', { now: at(t0, 1_500), leaseMs: 1_000 })).toBe('lost');
    expect(await jobRow(database.db, id)).toMatchObject({ state: 'active', attempts: 2, last_error: null });
    expect(await completeJob(database.db, id, 2, at(t0, 1_600))).toBe(true);
    expect(await jobRow(database.db, id)).toMatchObject({ state: 'completed', finished_at: at(t0, 1_600).toISOString() });
  });

  it('fails a job whose worker vanished on its last attempt and calls onDead once', async () => {
    const id = await jobs.enqueue<Payload>('t.vanished', { n: 9 }, { maxAttempts: 1 });
    await claimNextJob(database.db, dialect, 't.vanished', { now: clock.now(), leaseMs: 1_000 });
    clock.advance(1_000);
    const ran: number[] = [];
    const dead: { job: JobContext<Payload>; error: string }[] = [];
    await jobs.work<Payload>('t.vanished', {
      handler: async (job) => void ran.push(job.attempt),
      onDead: async (job, error) => void dead.push({ job, error }),
    });
    await jobs.drain('t.vanished');
    expect(ran).toEqual([]);
    expect(dead).toEqual([{ job: { id, payload: { n: 9 }, attempt: 1 }, error: LEASE_EXPIRED_MESSAGE }]);
    expect(await jobRow(database.db, id)).toMatchObject({ state: 'failed', last_error: LEASE_EXPIRED_MESSAGE, lease_until: null });
  });

  it('delivers an onDead notice that a crashed worker left undelivered, and a throwing onDead only once', async () => {
    const id = await jobs.enqueue<Payload>('t.notice', { n: 5 }, { maxAttempts: 2 });
    // As a worker leaves it when it dies between failing the last attempt and calling onDead.
    await database.db
      .updateTable('jobs')
      .set({ state: 'failed', attempts: 2, last_error: 'boom', lease_until: at(clock.now(), -1).toISOString() })
      .where('id', '=', id)
      .execute();
    const dead: { job: JobContext<Payload>; error: string }[] = [];
    await jobs.work<Payload>('t.notice', {
      handler: async () => undefined,
      onDead: async (job, error) => {
        dead.push({ job, error });
        throw new Error('the mailer is down');
      },
    });
    await jobs.drain('t.notice');
    expect(dead).toEqual([{ job: { id, payload: { n: 5 }, attempt: 2 }, error: 'boom' }]);
    expect(logged).toEqual(['job queue: onDead failed']);
    expect((await jobRow(database.db, id)).finished_at).toBe(clock.now().toISOString());
  });

  it('refuses invalid queue names, options and payloads, and stores nothing', async () => {
    const refusals = [
      () => jobs.enqueue('Not A Queue', { n: 1 }),
      () => jobs.enqueue('t.x:dead', { n: 1 }),
      () => jobs.enqueue('t.x', { n: 1 }, { maxAttempts: 0 }),
      () => jobs.enqueue('t.x', { n: 1 }, { backoffMs: -1 }),
      () => jobs.enqueue('t.x', { n: 1 }, { delayMs: 1.5 }),
      () => jobs.enqueue('t.x', { n: 1 }, { retries: 3 } as never),
      () => jobs.enqueue('t.x', { content: 'x'.repeat(70_000) }),
      () => jobs.enqueue('t.x', [1, 2] as never),
    ];
    for (const refuse of refusals) {
      const error: unknown = await refuse().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDomainError(error) && error.code).toBe('validation.invalid_input');
    }
    expect(await database.db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('stops taking jobs on stop() and waits for the running handler', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: number[] = [];
    await jobs.work<Payload>('t.stop', {
      handler: async (job) => {
        started.push(job.payload.n);
        await gate;
      },
    });
    const first = await jobs.enqueue<Payload>('t.stop', { n: 1 });
    const second = await jobs.enqueue<Payload>('t.stop', { n: 2 });
    await rowWhen(database.db, first, (r) => r.state === 'active');
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(started).toEqual([1]);
    expect(await jobRow(database.db, first)).toMatchObject({ state: 'completed' });
    expect(await jobRow(database.db, second)).toMatchObject({ state: 'queued', attempts: 0 });
  });
});
