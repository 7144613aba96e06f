/**
 * Background work (docs/design.md §10). Two adapters (server/jobs): a jobs table in the same
 * database (the embedded default) and pg-boss on PostgreSQL; one contract suite
 * (server/jobs/job-queue-contract.testing.ts) runs against both.
 *
 * Rules every adapter keeps:
 * - A job enqueued is stored durably (it survives a process restart) until it completes or
 *   runs out of attempts.
 * - A handler that throws is retried after a delay that grows with each attempt
 *   (`backoffMs * 2^(attempt-1)`); after `maxAttempts` the job is dead and `onDead` is called
 *   once with the last error, so the caller can record the failure (e.g. package → failed).
 * - A job whose worker died mid-run (lease expired) runs again.
 */
export interface EnqueueOptions {
  maxAttempts?: number;
  backoffMs?: number;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
}

export interface JobContext<P> {
  id: string;
  payload: P;
  /** 1 for the first run. */
  attempt: number;
}

export interface WorkerOptions<P> {
  handler: (job: JobContext<P>) => Promise<void>;
  /** Called once when a job has failed its last attempt. Errors it throws are logged, not retried. */
  onDead?: (job: JobContext<P>, error: string) => Promise<void>;
  /** Jobs of this queue run at most this many at once in this process (default 1). */
  concurrency?: number;
}

export interface JobQueue {
  readonly kind: 'table' | 'pg-boss';
  start(): Promise<void>;
  enqueue<P extends object>(queue: string, payload: P, options?: EnqueueOptions): Promise<string>;
  work<P extends object>(queue: string, options: WorkerOptions<P>): Promise<void>;
  /** Resolves when no job of the queue is queued or running (tests and graceful shutdown). */
  drain(queue: string, timeoutMs?: number): Promise<void>;
  /** Stops taking jobs and waits for running handlers to finish. */
  stop(): Promise<void>;
}
