/**
 * The scale-out job queue: pg-boss 10 on the application's PostgreSQL, in its own schema
 * (`pgboss` unless configured). pg-boss keeps the jobs, the retries and the leases; this
 * adapter maps the JobQueue rules onto it:
 *
 * - maxAttempts → retryLimit (maxAttempts - 1); backoffMs → retryDelay in whole seconds
 *   (rounded up) with retryBackoff, so pg-boss waits about `retryDelay * 2^(attempt-1)` (it adds
 *   up to the same again as jitter). backoffMs 0 retries at once.
 * - leaseMs → expireInSeconds: a handler running longer is failed (and retried), and a job
 *   whose worker died is failed by pg-boss maintenance once it expires, then retried.
 * - onDead: every queue gets a dead-letter queue `<queue>:dead`. pg-boss moves a job that
 *   failed its last attempt there in the same statement that fails it (whether the handler
 *   threw, timed out or its worker vanished), and this process's dead-letter worker calls
 *   onDead once with the last error. The notice is durable: it survives a restart.
 * - The payload travels in an envelope with the job id and maxAttempts, so the dead-letter
 *   worker can tell onDead which job died.
 *
 * Example:
 *   const queue = createPgBossJobQueue({ connectionString: 'postgres://…/egress' });
 *   await queue.start();
 *   await queue.work('package.checks', { handler, onDead });
 */
import PgBoss from 'pg-boss';
import { newId } from '../db/ids';
import type { EnqueueOptions, JobContext, JobQueue, WorkerOptions } from '../ports/job-queue';
import { DEFAULT_DRAIN_TIMEOUT_MS, DEFAULT_LEASE_MS, type JobQueueLogger, MAX_ERROR_CHARS, describeFailure, parseEnqueue, parseWork, stderrJobLogger } from './job-queue-options';

export interface PgBossJobQueueOptions {
  connectionString: string;
  /** The PostgreSQL schema pg-boss keeps its tables in (default `pgboss`). */
  schema?: string;
  /** How often an idle worker asks for jobs (default 1000 ms; pg-boss allows no less than 500). */
  pollIntervalMs?: number;
  /** How long a job may run before it is considered dead (default 10 minutes; at least 1 s). */
  leaseMs?: number;
  /** How often pg-boss expires jobs of dead workers (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** Connections in pg-boss's own pool (default 4). */
  poolSize?: number;
  log?: JobQueueLogger;
}

/** What pg-boss stores as a job's data. */
interface Envelope {
  jobId: string;
  maxAttempts: number;
  payload: object;
}

const DEAD_LETTER_SUFFIX = ':dead';
const deadLetterOf = (queue: string) => `${queue}${DEAD_LETTER_SUFFIX}`;

function openEnvelope(job: PgBoss.Job<unknown>): Envelope {
  const data = job.data as Partial<Envelope> | null;
  if (data && typeof data.jobId === 'string' && typeof data.payload === 'object' && data.payload !== null) {
    return { jobId: data.jobId, maxAttempts: Number(data.maxAttempts) || 1, payload: data.payload };
  }
  return { jobId: job.id, maxAttempts: 1, payload: (data ?? {}) as object }; // sent by something other than this adapter
}

/** The error pg-boss recorded for a failed job: a serialized Error, or `{ value: … }`. */
function recordedError(output: unknown): string {
  const o = (output ?? {}) as { message?: unknown; value?: unknown };
  const value = o.value as { message?: unknown } | string | undefined;
  const message = typeof o.message === 'string' ? o.message : typeof value === 'string' ? value : typeof value?.message === 'string' ? value.message : 'the job failed without a recorded error';
  return message.slice(0, MAX_ERROR_CHARS);
}

interface Registration {
  queue: string;
  concurrency: number;
  options: WorkerOptions<object>;
}

/** Creates the pg-boss job queue. start() connects and installs or migrates pg-boss's schema. */
export function createPgBossJobQueue(options: PgBossJobQueueOptions): JobQueue {
  const log = options.log ?? stderrJobLogger;
  const leaseSeconds = Math.max(1, Math.ceil((options.leaseMs ?? DEFAULT_LEASE_MS) / 1000));
  const pollingIntervalSeconds = Math.max(0.5, (options.pollIntervalMs ?? 1000) / 1000);
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema ?? 'pgboss',
    application_name: 'egress-jobs',
    max: options.poolSize ?? 4,
    schedule: false, // no cron jobs: skip the timekeeper
    supervise: true, // maintenance expires jobs of dead workers
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    expireInSeconds: leaseSeconds,
  });
  boss.on('error', (error) => log.error({ error: describeFailure(error) }, 'job queue: pg-boss reported an error'));

  const created = new Map<string, Promise<void>>();
  const pending: Registration[] = [];
  const workerIds = new Map<string, string[]>();
  const busy = new Map<string, number>();
  let started = false;
  let stopped = false;

  const changeBusy = (queue: string, by: number) => busy.set(queue, (busy.get(queue) ?? 0) + by);
  // A worker that just finished asks for the next job at once instead of sleeping a poll interval.
  const nudge = (queue: string) => workerIds.get(queue)?.forEach((id) => boss.notifyWorker(id));

  function requireStarted(): void {
    if (!started) throw new Error('job queue: start() the pg-boss queue first');
    if (stopped) throw new Error('job queue: the pg-boss queue is stopped');
  }

  /** pg-boss 10 needs a queue (and its dead-letter queue, which the job row references) before send or work. */
  function ensureQueue(queue: string): Promise<void> {
    let creation = created.get(queue);
    if (!creation) {
      creation = (async () => {
        await boss.createQueue(deadLetterOf(queue), { name: deadLetterOf(queue), retryLimit: 0 });
        await boss.createQueue(queue, { name: queue, deadLetter: deadLetterOf(queue), expireInSeconds: leaseSeconds });
      })();
      creation.catch(() => created.delete(queue));
      created.set(queue, creation);
    }
    return creation;
  }

  async function register({ queue, concurrency, options: worker }: Registration): Promise<void> {
    await ensureQueue(queue);
    const ids: string[] = [];
    workerIds.set(queue, ids);
    const handle = async ([job]: PgBoss.JobWithMetadata<unknown>[]) => {
      if (!job) return;
      const envelope = openEnvelope(job);
      const context: JobContext<object> = { id: envelope.jobId, payload: envelope.payload, attempt: job.retryCount + 1 };
      changeBusy(queue, 1);
      try {
        await worker.handler(context);
      } catch (error) {
        // pg-boss stores what is thrown: keep only the (shortened) message, never the payload.
        throw new Error(describeFailure(error));
      } finally {
        changeBusy(queue, -1);
        nudge(queue);
      }
    };
    const handleDead = async ([job]: PgBoss.JobWithMetadata<unknown>[]) => {
      if (!job) return;
      const envelope = openEnvelope(job);
      changeBusy(queue, 1);
      try {
        await worker.onDead?.({ id: envelope.jobId, payload: envelope.payload, attempt: envelope.maxAttempts }, recordedError(job.output));
      } catch (failure) {
        // The interface promises one call: a failing onDead is reported, not repeated.
        log.error({ queue, jobId: envelope.jobId, error: describeFailure(failure) }, 'job queue: onDead failed');
      } finally {
        changeBusy(queue, -1);
      }
    };
    const workOptions = { includeMetadata: true as const, batchSize: 1, pollingIntervalSeconds };
    for (let i = 0; i < concurrency; i++) ids.push(await boss.work(queue, workOptions, handle));
    await boss.work(deadLetterOf(queue), workOptions, handleDead);
  }

  return {
    kind: 'pg-boss',

    async start() {
      if (started) return;
      await boss.start();
      started = true;
      for (const registration of pending.splice(0)) await register(registration);
    },

    async enqueue(queue, payload, enqueueOptions?: EnqueueOptions) {
      const request = parseEnqueue(queue, payload, enqueueOptions);
      requireStarted();
      await ensureQueue(request.queue);
      const jobId = newId();
      const envelope: Envelope = { jobId, maxAttempts: request.maxAttempts, payload: JSON.parse(request.payloadJson) as object };
      const id = await boss.send(request.queue, envelope, {
        id: jobId,
        retryLimit: request.maxAttempts - 1,
        retryDelay: Math.ceil(request.backoffMs / 1000),
        retryBackoff: request.backoffMs > 0,
        expireInSeconds: leaseSeconds,
        deadLetter: deadLetterOf(request.queue),
        ...(request.delayMs > 0 ? { startAfter: request.delayMs / 1000 } : {}),
      });
      if (id !== jobId) throw new Error(`job queue: pg-boss did not store the job for queue ${request.queue}`);
      nudge(request.queue);
      return jobId;
    },

    async work(queue, workerOptions) {
      const { concurrency } = parseWork(queue, workerOptions);
      if (stopped) throw new Error('job queue: work() after stop()');
      if (workerIds.has(queue) || pending.some((p) => p.queue === queue)) {
        throw new Error(`job queue: queue ${queue} already has a worker in this process`);
      }
      const registration = { queue, concurrency, options: workerOptions as WorkerOptions<object> };
      if (started) await register(registration);
      else pending.push(registration);
    },

    async drain(queue, timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS) {
      requireStarted();
      const deadline = Date.now() + timeoutMs;
      // `before: 'completed'` counts created, retry and active jobs.
      const unfinished = async () => (await boss.getQueueSize(queue, { before: 'completed' })) + (await boss.getQueueSize(deadLetterOf(queue), { before: 'completed' }));
      for (;;) {
        if ((busy.get(queue) ?? 0) === 0 && (await unfinished()) === 0) return;
        if (Date.now() >= deadline) throw new Error(`job queue: queue ${queue} did not drain within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      if (started) await boss.stop({ graceful: true, wait: true });
    },
  };
}
