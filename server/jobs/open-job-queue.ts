/**
 * Picks the job queue adapter from configuration (JOB_QUEUE): `auto` is pg-boss on
 * PostgreSQL and the jobs table on SQLite; `table` works on both; `pg-boss` needs PostgreSQL.
 * Entry points call this once and pass the JobQueue on; nothing else names an adapter.
 *
 * Example: `openJobQueue({ kind: config.jobQueue, db, dialect, databaseUrl: config.databaseUrl })`.
 */
import { ConfigError } from '../config/config';
import type { Dialect } from '../db/connect';
import type { Db } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { JobQueue } from '../ports/job-queue';
import type { JobQueueLogger } from './job-queue-options';
import { createPgBossJobQueue } from './pg-boss.job-queue';
import { createTableJobQueue } from './table.job-queue';

export type JobQueueKind = 'auto' | 'table' | 'pg-boss';

export interface OpenJobQueueOptions {
  kind: JobQueueKind;
  db: Db;
  dialect: Dialect;
  /** The database URL; pg-boss opens its own connections with it. */
  databaseUrl: string;
  /** How often an idle worker looks for jobs (table default 250 ms; pg-boss default 1000 ms, at least 500). */
  pollIntervalMs?: number;
  /** How long a running job belongs to its worker before it counts as dead (default 10 minutes). */
  leaseMs?: number;
  /** Time for run_at and leases of the table adapter (pg-boss uses the database clock). */
  clock?: Clock;
  log?: JobQueueLogger;
  pgBoss?: { schema?: string; maintenanceIntervalSeconds?: number; poolSize?: number };
}

/** The adapter `kind` resolves to on `dialect`. Throws ConfigError for pg-boss without PostgreSQL. */
export function resolveJobQueueKind(kind: JobQueueKind, dialect: Dialect): 'table' | 'pg-boss' {
  if (kind === 'auto') return dialect === 'postgres' ? 'pg-boss' : 'table';
  if (kind === 'pg-boss' && dialect !== 'postgres') {
    throw new ConfigError('JOB_QUEUE=pg-boss needs a PostgreSQL DATABASE_URL; use JOB_QUEUE=table (or auto) with SQLite.');
  }
  return kind;
}

/** Creates (does not start) the configured job queue. */
export function openJobQueue(options: OpenJobQueueOptions): JobQueue {
  const shared = {
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
  if (resolveJobQueueKind(options.kind, options.dialect) === 'pg-boss') {
    return createPgBossJobQueue({ connectionString: options.databaseUrl, ...options.pgBoss, ...shared });
  }
  return createTableJobQueue({ db: options.db, dialect: options.dialect, ...(options.clock ? { clock: options.clock } : {}), ...shared });
}
