/**
 * The `jobs` table behind the table job queue (table.job-queue.ts). Every state change is one
 * conditional UPDATE, so any number of workers in any number of processes may poll the same
 * database: a claim takes a job only if it is still claimable when the row is written, and a
 * worker finishes a job only if it still holds it (same state, same attempt number).
 * Runs unchanged on SQLite and PostgreSQL; PostgreSQL adds `for update skip locked` so
 * concurrent claimers pick different rows instead of queueing behind one.
 *
 * A job's life: queued → active (claimed; attempts + 1; leased until lease_until) →
 * completed | queued again (failed, retried at run_at) | failed (dead). A dead job keeps
 * finished_at empty until its onDead notice has been delivered, so a crash between the two
 * does not lose the notice.
 *
 * Timestamps are ISO-8601 UTC strings of one length, so text comparison is time order.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Dialect } from '../db/connect';
import type { Database, Db, JobsTable } from '../db/schema';
import { retryDelayMs } from './job-queue-options';

/** A row of the `jobs` table as stored (payload is JSON text, times are ISO strings). */
export type JobRow = JobsTable;

/** The values of jobs.state. */
export const JOB_STATES = { queued: 'queued', active: 'active', completed: 'completed', failed: 'failed' } as const;

/** Written as last_error of a job whose worker vanished on its last attempt. */
export const LEASE_EXPIRED_MESSAGE = 'the worker stopped before finishing the job (its lease expired)';

interface At {
  now: Date;
  leaseMs: number;
}

const iso = (d: Date) => d.toISOString();
const later = (d: Date, ms: number) => new Date(d.getTime() + ms).toISOString();

/** A validated job to store (see parseEnqueue). */
export interface NewJob {
  id: string;
  queue: string;
  payloadJson: string;
  maxAttempts: number;
  backoffMs: number;
  delayMs: number;
}

/** Stores a queued job, due `delayMs` after `now`. */
export async function insertJob(db: Db, job: NewJob, now: Date): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      id: job.id,
      queue: job.queue,
      payload: job.payloadJson,
      state: JOB_STATES.queued,
      attempts: 0,
      max_attempts: job.maxAttempts,
      backoff_ms: job.backoffMs,
      run_at: later(now, job.delayMs),
      lease_until: null,
      last_error: null,
      created_at: iso(now),
      finished_at: null,
    })
    .execute();
}

/** Due and queued, or active under a lease that ran out with attempts left (its worker died). */
function claimable(now: string) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([
      eb.and([eb('state', '=', JOB_STATES.queued), eb('run_at', '<=', now)]),
      eb.and([eb('state', '=', JOB_STATES.active), eb('lease_until', '<=', now), eb('attempts', '<', eb.ref('max_attempts'))]),
    ]);
}

/**
 * Takes the next claimable job of `queue` for this worker: active, attempts + 1, leased for
 * `leaseMs`. Returns undefined when there is none or another worker took it first.
 */
export async function claimNextJob(db: Db, dialect: Dialect, queue: string, at: At): Promise<JobRow | undefined> {
  const now = iso(at.now);
  let next = db.selectFrom('jobs').select('id').where('queue', '=', queue).where(claimable(now)).orderBy('run_at').orderBy('created_at').limit(1);
  if (dialect === 'postgres') next = next.forUpdate().skipLocked();
  return (
    db
      .updateTable('jobs')
      .set((eb) => ({ state: JOB_STATES.active, lease_until: later(at.now, at.leaseMs), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', next)
      .where('queue', '=', queue)
      // Checked again on the row being written: between the pick and the write another worker may have claimed it.
      .where(claimable(now))
      .returningAll()
      .executeTakeFirst()
  );
}

/** Marks the job completed if this worker (this attempt) still holds it; false when it lost the job. */
export async function completeJob(db: Db, id: string, attempt: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: JOB_STATES.completed, lease_until: null, finished_at: iso(now) })
    .where('id', '=', id)
    .where('state', '=', JOB_STATES.active)
    .where('attempts', '=', attempt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** `retry`: queued again for later; `dead`: out of attempts, onDead notice pending; `lost`: another worker holds the job now. */
export type FailureOutcome = 'retry' | 'dead' | 'lost';

/**
 * Records a failed attempt. With attempts left the job is queued again at
 * `now + backoff_ms * 2^(attempt-1)`; after its last attempt it is failed and leased to this
 * worker for delivering the onDead notice.
 */
export async function recordFailure(db: Db, job: JobRow, message: string, at: At): Promise<FailureOutcome> {
  const dead = job.attempts >= job.max_attempts;
  const changes = dead
    ? { state: JOB_STATES.failed, last_error: message, lease_until: later(at.now, at.leaseMs) }
    : { state: JOB_STATES.queued, last_error: message, lease_until: null, run_at: later(at.now, retryDelayMs(job.backoff_ms, job.attempts)) };
  const result = await db.updateTable('jobs').set(changes).where('id', '=', job.id).where('state', '=', JOB_STATES.active).where('attempts', '=', job.attempts).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return 'lost';
  return dead ? 'dead' : 'retry';
}

/** Fails the jobs of `queue` whose worker died on their last attempt; their onDead notice is then due at once. */
export async function failAbandonedLastAttempts(db: Db, queue: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ state: JOB_STATES.failed, last_error: LEASE_EXPIRED_MESSAGE, lease_until: iso(now) })
    .where('queue', '=', queue)
    .where('state', '=', JOB_STATES.active)
    .where('lease_until', '<=', iso(now))
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function noticeDue(now: string) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) => eb.and([eb('state', '=', JOB_STATES.failed), eb('finished_at', 'is', null), eb('lease_until', '<=', now)]);
}

/** Takes a dead job whose onDead notice is undelivered and not leased by a live worker. */
export async function claimDeadNotice(db: Db, dialect: Dialect, queue: string, at: At): Promise<JobRow | undefined> {
  const now = iso(at.now);
  let next = db.selectFrom('jobs').select('id').where('queue', '=', queue).where(noticeDue(now)).orderBy('run_at').limit(1);
  if (dialect === 'postgres') next = next.forUpdate().skipLocked();
  return db
    .updateTable('jobs')
    .set({ lease_until: later(at.now, at.leaseMs) })
    .where('id', '=', next)
    .where('queue', '=', queue)
    .where(noticeDue(now))
    .returningAll()
    .executeTakeFirst();
}

/** Records that a dead job's onDead notice was delivered: the job is finished. */
export async function finishDeadJob(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ lease_until: null, finished_at: iso(now) })
    .where('id', '=', id)
    .where('state', '=', JOB_STATES.failed)
    .where('finished_at', 'is', null)
    .execute();
}

/** Jobs of `queue` not yet finished: queued, running, or dead with their notice undelivered. */
export async function countUnfinishedJobs(db: Db, queue: string): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('queue', '=', queue)
    .where('finished_at', 'is', null)
    .where('state', 'in', [JOB_STATES.queued, JOB_STATES.active, JOB_STATES.failed])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
