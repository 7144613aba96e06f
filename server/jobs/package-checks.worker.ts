/**
 * Runs the checks stage (server/commands/checks-stage.ts) on the job queue: registers the
 * worker, and on start re-queues the checks of packages left in `checking` (a submission whose
 * job was never queued because the process stopped in between; the stage is idempotent, so a
 * duplicate does nothing).
 */
import { CHECKS_QUEUE, type ChecksDeps, type ChecksJob, failChecks, runPackageChecks } from '../commands/checks-stage';
import type { CommandContext } from '../commands/context';
import type { JobQueue } from '../ports/job-queue';

export async function registerPackageChecks(queue: JobQueue, ctx: CommandContext, deps: ChecksDeps): Promise<void> {
  await queue.work<ChecksJob>(CHECKS_QUEUE, {
    handler: (job) => runPackageChecks(ctx, deps, job.payload),
    onDead: (job, error) => failChecks(ctx, job.payload, error),
    concurrency: 1,
  });
}

/** Three attempts, 5 s then 10 s apart, before the package fails. */
export const CHECKS_RETRY = { maxAttempts: 3, backoffMs: 5_000 };

export async function startChecks(queue: JobQueue, packageId: string, reviewTurn: number, retry = CHECKS_RETRY): Promise<void> {
  await queue.enqueue<ChecksJob>(CHECKS_QUEUE, { packageId, reviewTurn }, retry);
}

/** Queues the checks of every package still `checking`. */
export async function resumeChecks(queue: JobQueue, ctx: CommandContext, retry = CHECKS_RETRY): Promise<number> {
  const waiting = await ctx.db.selectFrom('packages').select(['id', 'review_turn']).where('status', '=', 'checking').execute();
  for (const p of waiting) await startChecks(queue, p.id, p.review_turn, retry);
  return waiting.length;
}
