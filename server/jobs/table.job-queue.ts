/**
 * The embedded job queue: jobs live in the `jobs` table of the application database (SQLite or
 * PostgreSQL) and each worked queue has a polling loop in this process. Several processes may
 * work the same database; claims are atomic (jobs-table.repository.ts).
 *
 * - A handler that throws is retried after `backoffMs * 2^(attempt-1)`; after `maxAttempts`
 *   the job is dead and `onDead` is called once with the last error.
 * - A job is leased to its worker for `leaseMs`. If the worker dies (or its handler runs past
 *   the lease) the job becomes claimable again; the late finisher's result is then ignored.
 * - Time for run_at and leases comes from `clock`, so tests can move it; polling uses timers.
 *
 * Example:
 *   const queue = createTableJobQueue({ db, dialect: 'sqlite' });
 *   await queue.start();
 *   await queue.work('package.checks', { handler: async ({ payload }) => runChecks(payload) });
 *   await queue.enqueue('package.checks', { packageId });
 */
import type { Dialect } from '../db/connect';
import { newId } from '../db/ids';
import type { Db } from '../db/schema';
import { type Clock, systemClock } from '../ports/clock';
import type { EnqueueOptions, JobContext, JobQueue, WorkerOptions } from '../ports/job-queue';
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_LEASE_MS,
  DEFAULT_POLL_INTERVAL_MS,
  type JobQueueLogger,
  describeFailure,
  parseEnqueue,
  parseWork,
  stderrJobLogger,
  wakeableSleeper,
} from './job-queue-options';
import { type JobRow, claimDeadNotice, claimNextJob, completeJob, countUnfinishedJobs, failAbandonedLastAttempts, finishDeadJob, insertJob, recordFailure } from './jobs-table.repository';

export interface TableJobQueueOptions {
  db: Db;
  dialect: Dialect;
  /** How often an idle worker looks for due jobs (default 250 ms). */
  pollIntervalMs?: number;
  /** How long a claimed job belongs to its worker (default 10 minutes). */
  leaseMs?: number;
  /** The time written into run_at and lease_until (default: the system clock). */
  clock?: Clock;
  log?: JobQueueLogger;
}

interface QueueWorker {
  queue: string;
  concurrency: number;
  options: WorkerOptions<object>;
  running: Set<Promise<void>>;
  sleeper: ReturnType<typeof wakeableSleeper>;
  loop?: Promise<void>;
}

/** Creates the table-backed job queue. It does not own `db`: closing the database is the caller's job. */
export function createTableJobQueue(options: TableJobQueueOptions): JobQueue {
  const { db, dialect } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? stderrJobLogger;
  const workers = new Map<string, QueueWorker>();
  let started = false;
  let stopping = false;

  const at = () => ({ now: clock.now(), leaseMs });

  async function attempt<T>(what: string, worker: QueueWorker, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      log.error({ queue: worker.queue, error: describeFailure(error) }, `job queue: ${what} failed`);
      return undefined;
    }
  }

  function contextOf(job: JobRow): JobContext<object> {
    return { id: job.id, payload: JSON.parse(job.payload) as object, attempt: job.attempts };
  }

  async function deliverDeadNotice(worker: QueueWorker, job: JobRow, error: string): Promise<void> {
    if (worker.options.onDead) {
      try {
        await worker.options.onDead(contextOf(job), error);
      } catch (failure) {
        // The interface promises one call: a failing onDead is reported, not repeated.
        log.error({ queue: worker.queue, jobId: job.id, error: describeFailure(failure) }, 'job queue: onDead failed');
      }
    }
    await finishDeadJob(db, job.id, clock.now());
  }

  async function runJob(worker: QueueWorker, job: JobRow): Promise<void> {
    let failure: string;
    try {
      await worker.options.handler(contextOf(job));
      if (!(await completeJob(db, job.id, job.attempts, clock.now()))) {
        log.warn({ queue: worker.queue, jobId: job.id, attempt: job.attempts }, 'job queue: a job finished after its lease expired; the result was ignored');
      }
      return;
    } catch (error) {
      failure = describeFailure(error);
    }
    const outcome = await recordFailure(db, job, failure, at());
    if (outcome === 'dead') await deliverDeadNotice(worker, job, failure);
  }

  function track(worker: QueueWorker, work: Promise<void>): void {
    const running = work
      .catch((error: unknown) => log.error({ queue: worker.queue, error: describeFailure(error) }, 'job queue: finishing a job failed'))
      .finally(() => {
        worker.running.delete(running);
        worker.sleeper.wake();
      });
    worker.running.add(running);
  }

  async function poll(worker: QueueWorker): Promise<void> {
    while (!stopping) {
      if (worker.running.size < worker.concurrency) {
        const job = await attempt('claiming a job', worker, () => claimNextJob(db, dialect, worker.queue, at()));
        if (job) {
          track(worker, runJob(worker, job));
          continue;
        }
        // Idle: deliver notices of dead jobs that a vanished worker left behind.
        const notice = await attempt('checking for dead jobs', worker, async () => {
          await failAbandonedLastAttempts(db, worker.queue, clock.now());
          return claimDeadNotice(db, dialect, worker.queue, at());
        });
        if (notice) {
          track(worker, deliverDeadNotice(worker, notice, notice.last_error ?? 'unknown failure'));
          continue;
        }
      }
      await worker.sleeper.sleep(pollIntervalMs);
    }
  }

  function begin(worker: QueueWorker): void {
    worker.loop = poll(worker);
  }

  return {
    kind: 'table',

    async start() {
      if (started) return;
      started = true;
      for (const worker of workers.values()) begin(worker);
    },

    async enqueue(queue, payload, enqueueOptions?: EnqueueOptions) {
      const request = parseEnqueue(queue, payload, enqueueOptions);
      const id = newId();
      await insertJob(db, { id, ...request }, clock.now());
      workers.get(request.queue)?.sleeper.wake();
      return id;
    },

    async work(queue, workerOptions) {
      const { concurrency } = parseWork(queue, workerOptions);
      if (stopping) throw new Error('job queue: work() after stop()');
      if (workers.has(queue)) throw new Error(`job queue: queue ${queue} already has a worker in this process`);
      const worker: QueueWorker = {
        queue,
        concurrency,
        options: workerOptions as WorkerOptions<object>,
        running: new Set(),
        sleeper: wakeableSleeper(),
      };
      workers.set(queue, worker);
      if (started) begin(worker);
    },

    async drain(queue, timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const busyHere = workers.get(queue)?.running.size ?? 0;
        if (busyHere === 0 && (await countUnfinishedJobs(db, queue)) === 0) return;
        if (Date.now() >= deadline) throw new Error(`job queue: queue ${queue} did not drain within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, 50)));
      }
    },

    async stop() {
      stopping = true;
      for (const worker of workers.values()) worker.sleeper.wake();
      await Promise.all([...workers.values()].map((w) => w.loop));
      await Promise.all([...workers.values()].flatMap((w) => [...w.running]));
    },
  };
}
