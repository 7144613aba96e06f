/**
 * Runs the output-area inventory (server/commands/closure-inventory.commands.ts) on the job queue:
 * registers the worker, re-queues runs left queued or running by a stopped process, and keeps the
 * schedule (every CLOSURE_INVENTORY_INTERVAL_MINUTES, a run for every project not closed that has
 * an output area and none pending). Runs are idempotent, so a duplicate job does nothing.
 */
import { INVENTORY_QUEUE, type InventoryJob, type InventoryRunDeps, failInventoryRefresh, runInventoryRefresh, scheduleInventoryRefreshes } from '../commands/closure-inventory.commands';
import type { CommandContext } from '../commands/context';
import type { EnqueueOptions, JobQueue } from '../ports/job-queue';

export async function registerClosureInventory(queue: JobQueue, ctx: CommandContext, deps: InventoryRunDeps): Promise<void> {
  await queue.work<InventoryJob>(INVENTORY_QUEUE, {
    handler: async (job) => {
      await runInventoryRefresh(ctx, deps, job.payload);
    },
    onDead: (job, error) => failInventoryRefresh(ctx, job.payload, error),
    concurrency: 1,
  });
}

/** Three attempts, 30 s then 60 s apart (an output area's storage may be briefly unreachable). */
export const INVENTORY_RETRY: EnqueueOptions = { maxAttempts: 3, backoffMs: 30_000 };

export async function startInventoryJob(queue: JobQueue, refreshId: string, retry = INVENTORY_RETRY): Promise<void> {
  await queue.enqueue<InventoryJob>(INVENTORY_QUEUE, { refreshId }, retry);
}

/** Queues the job of every run still queued or running. */
export async function resumeInventories(queue: JobQueue, ctx: CommandContext, retry = INVENTORY_RETRY): Promise<number> {
  const waiting = await ctx.db.selectFrom('inventory_refreshes').select('id').where('state', 'in', ['queued', 'running']).execute();
  for (const r of waiting) await startInventoryJob(queue, r.id, retry);
  return waiting.length;
}

/**
 * Starts the schedule: a run for every eligible project every `intervalMs` (the first one interval
 * after start, so a start does not read every output area at once); 0 turns it off. Returns a
 * function that stops it. A failing round is reported through `onError`.
 */
export function scheduleInventories(queue: JobQueue, ctx: CommandContext, intervalMs: number, onError: (error: unknown) => void, retry = INVENTORY_RETRY): () => void {
  if (intervalMs <= 0) return () => undefined;
  const round = () => scheduleInventoryRefreshes(ctx, { startInventory: (id) => startInventoryJob(queue, id, retry) }).catch(onError);
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
