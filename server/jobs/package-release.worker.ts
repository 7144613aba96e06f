/**
 * Runs the release job (server/commands/release-stage.ts) on the job queue: registers the worker,
 * and on start re-queues every release attempt whose package is still `releasing` (a worker
 * killed mid-release, or a start whose job was never queued); the job resumes from the step
 * the attempt recorded, so a duplicate does nothing twice.
 */
import type { CommandContext } from '../commands/context';
import { RELEASE_QUEUE, type ReleaseDeps, type ReleaseJob, failRelease, runRelease } from '../commands/release-stage';
import type { EnqueueOptions, JobQueue } from '../ports/job-queue';

export async function registerPackageRelease(queue: JobQueue, ctx: CommandContext, deps: ReleaseDeps): Promise<void> {
  await queue.work<ReleaseJob>(RELEASE_QUEUE, {
    handler: (job) => runRelease(ctx, deps, job.payload),
    onDead: (job, error) => failRelease(ctx, job.payload, error),
    concurrency: 1,
  });
}

/** Three attempts, 10 s then 20 s apart, before the release fails. */
export const RELEASE_RETRY: EnqueueOptions = { maxAttempts: 3, backoffMs: 10_000 };

export async function startReleaseJob(queue: JobQueue, releaseId: string, retry = RELEASE_RETRY): Promise<void> {
  await queue.enqueue<ReleaseJob>(RELEASE_QUEUE, { releaseId }, retry);
}

/** Queues the release job of every attempt whose package is still `releasing`. */
export async function resumeReleases(queue: JobQueue, ctx: CommandContext, retry = RELEASE_RETRY): Promise<number> {
  const waiting = await ctx.db
    .selectFrom('releases')
    .innerJoin('packages', 'packages.id', 'releases.package_id')
    .select('releases.id')
    .where('packages.status', '=', 'releasing')
    .where('releases.step', 'not in', ['failed', 'released'])
    .execute();
  for (const r of waiting) await startReleaseJob(queue, r.id, retry);
  return waiting.length;
}
