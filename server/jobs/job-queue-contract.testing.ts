/**
 * The behaviour every JobQueue adapter owes (server/ports/job-queue.ts), as one suite that
 * job-queue.test.ts runs against each adapter and dialect. A target supplies a fresh database
 * per test, adapter instances on their own connections (as separate processes would have),
 * and a way to claim a job as a worker that then dies.
 *
 * Delays are kept small: the table adapter is given backoffs of tens of milliseconds; pg-boss
 * rounds them up to its one-second minimum, which is why its retry cases take a few seconds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobContext, JobQueue } from '../ports/job-queue';

export interface JobQueueTestDatabase {
  /** A new adapter instance on this database, on a connection of its own. */
  openQueue(options?: { leaseMs?: number }): JobQueue;
  /** Claims the next due job of `queue` the way a worker does, then abandons it as if its process died. */
  abandonNextJob(queue: string): Promise<void>;
  /** Closes every connection opened for the test and drops the database. */
  close(): Promise<void>;
}

export interface JobQueueTarget {
  label: string;
  createDatabase(): Promise<JobQueueTestDatabase>;
}

interface Payload {
  n: number;
}

/** Records each handler call; `failUntil` makes attempts before it throw `attempt N failed`. */
function recorder(failUntil = 0) {
  const calls: JobContext<Payload>[] = [];
  return {
    calls,
    handler: async (job: JobContext<Payload>) => {
      calls.push(job);
      if (job.attempt < failUntil) throw new Error(`attempt ${job.attempt} failed`);
    },
  };
}

/** Polls until `condition` holds (gives up after 10 s); for waiting on events, never on time. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('the condition never held');
}

export function describeJobQueueContract(target: JobQueueTarget): void {
  describe(`job queue contract: ${target.label}`, () => {
    let database: JobQueueTestDatabase;
    let opened: JobQueue[] = [];

    beforeEach(async () => {
      database = await target.createDatabase();
    });
    afterEach(async () => {
      for (const queue of opened) await queue.stop();
      opened = [];
      await database.close();
    });

    async function startQueue(options?: { leaseMs?: number }): Promise<JobQueue> {
      const queue = database.openQueue(options);
      opened.push(queue);
      await queue.start();
      return queue;
    }

    it('runs an enqueued job once, with its payload, as attempt 1', async () => {
      const jobs = await startQueue();
      const run = recorder();
      await jobs.work<Payload>('contract.once', { handler: run.handler });
      const id = await jobs.enqueue<Payload>('contract.once', { n: 7 });
      await jobs.drain('contract.once');
      expect(run.calls).toEqual([{ id, payload: { n: 7 }, attempt: 1 }]);
    });

    it('keeps a job enqueued before a restart and runs it in the next process', async () => {
      const before = await startQueue();
      const id = await before.enqueue<Payload>('contract.restart', { n: 1 });
      await before.stop();

      const after = await startQueue();
      const run = recorder();
      await after.work<Payload>('contract.restart', { handler: run.handler });
      await after.drain('contract.restart');
      expect(run.calls).toEqual([{ id, payload: { n: 1 }, attempt: 1 }]);
    });

    it('retries a failing handler and stops retrying once an attempt succeeds', async () => {
      const jobs = await startQueue();
      const run = recorder(3);
      const dead: string[] = [];
      await jobs.work<Payload>('contract.retry', { handler: run.handler, onDead: async (_job, error) => void dead.push(error) });
      await jobs.enqueue<Payload>('contract.retry', { n: 2 }, { maxAttempts: 5, backoffMs: 20 });
      await jobs.drain('contract.retry');
      expect(run.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
      expect(run.calls.map((c) => c.payload)).toEqual([{ n: 2 }, { n: 2 }, { n: 2 }]);
      expect(dead).toEqual([]);
    });

    it('runs a job that always fails exactly maxAttempts times, then calls onDead once with the last error', async () => {
      const jobs = await startQueue();
      const run = recorder(Number.POSITIVE_INFINITY);
      const dead: { job: JobContext<Payload>; error: string }[] = [];
      await jobs.work<Payload>('contract.dead', { handler: run.handler, onDead: async (job, error) => void dead.push({ job, error }) });
      const id = await jobs.enqueue<Payload>('contract.dead', { n: 3 }, { maxAttempts: 3, backoffMs: 20 });
      await jobs.drain('contract.dead');
      expect(run.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
      expect(dead).toEqual([{ job: { id, payload: { n: 3 }, attempt: 3 }, error: 'attempt 3 failed' }]);
    });

    it('runs again a job whose worker died while running it', async () => {
      const jobs = await startQueue({ leaseMs: 1_000 });
      const id = await jobs.enqueue<Payload>('contract.crash', { n: 4 }, { maxAttempts: 3, backoffMs: 0 });
      await database.abandonNextJob('contract.crash');

      const run = recorder();
      await jobs.work<Payload>('contract.crash', { handler: run.handler });
      await jobs.drain('contract.crash');
      expect(run.calls).toEqual([{ id, payload: { n: 4 }, attempt: 2 }]);
    });

    it('runs each job exactly once when two workers on the same database share a queue', async () => {
      const first = await startQueue();
      const second = await startQueue();
      const ran = new Map<number, number>();
      const handler = async (job: JobContext<Payload>) => {
        ran.set(job.payload.n, (ran.get(job.payload.n) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
      };
      await first.work<Payload>('contract.shared', { handler, concurrency: 2 });
      await second.work<Payload>('contract.shared', { handler, concurrency: 2 });
      const n = 16;
      for (let i = 0; i < n; i++) await first.enqueue<Payload>('contract.shared', { n: i });
      await first.drain('contract.shared');
      await second.drain('contract.shared');
      expect([...ran.keys()].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
      expect([...ran.values()].every((times) => times === 1)).toBe(true);
    });

    it('drains only once every job of the queue has finished, and gives up after its timeout', async () => {
      const jobs = await startQueue();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const started: number[] = [];
      const finished: number[] = [];
      await jobs.work<Payload>('contract.drain', {
        handler: async (job) => {
          started.push(job.payload.n);
          await gate;
          finished.push(job.payload.n);
        },
      });
      await jobs.drain('contract.drain'); // an empty queue drains at once
      await expect(jobs.drain('contract.idle', 100)).resolves.toBeUndefined();

      await jobs.enqueue<Payload>('contract.drain', { n: 1 });
      await jobs.enqueue<Payload>('contract.drain', { n: 2 });
      await until(() => started.length > 0);
      await expect(jobs.drain('contract.drain', 200)).rejects.toThrow(/did not drain/);
      expect(started).toEqual([1]); // concurrency 1: the second job waits for the first
      release();
      await jobs.drain('contract.drain');
      expect(finished).toEqual([1, 2]);
    });
  });
}
