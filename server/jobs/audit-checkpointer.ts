/**
 * The server's audit checkpointer (docs/audit.md, "Checkpoints"): at start-up it checkpoints the
 * chain head; then, every few seconds, it signs a checkpoint at each multiple of
 * AUDIT_CHECKPOINT_EVERY events the chain has passed, and every AUDIT_CHECKPOINT_INTERVAL_MINUTES
 * one of the head when it moved. A failure is logged and retried at the next tick; it never
 * stops the server.
 */
import { recordAuditCheckpoints } from '../commands/audit-checkpoints.commands';
import type { CommandContext } from '../commands/context';
import type { AuditCheckpointSettings } from '../config/config';
import type { BundleSigner } from '../ports/bundle-signer';
import { type JobQueueLogger, describeFailure, stderrJobLogger } from './job-queue-options';

/** How often the chain is looked at for due every-N checkpoints (a cheap read of one row). */
export const CHECKPOINT_POLL_MS = 5_000;

export interface AuditCheckpointer {
  stop(): Promise<void>;
}

/** Starts the checkpointer; `stop` waits for a running round to finish. */
export async function startAuditCheckpointer(
  ctx: CommandContext,
  signer: BundleSigner,
  settings: Pick<AuditCheckpointSettings, 'every' | 'intervalMs'>,
  options: { pollMs?: number; log?: JobQueueLogger } = {},
): Promise<AuditCheckpointer> {
  const log = options.log ?? stderrJobLogger;
  let running: Promise<unknown> = Promise.resolve();
  const round = (head: boolean) => {
    running = running
      .then(() => recordAuditCheckpoints(ctx, signer, { every: settings.every, head }))
      .catch((error: unknown) => log.error({ error: describeFailure(error) }, 'audit checkpoint: could not record a checkpoint'));
    return running;
  };
  await round(true);
  const poll = setInterval(() => void round(false), options.pollMs ?? CHECKPOINT_POLL_MS);
  const schedule = settings.intervalMs > 0 ? setInterval(() => void round(true), settings.intervalMs) : undefined;
  poll.unref();
  schedule?.unref();
  return {
    stop: async () => {
      clearInterval(poll);
      if (schedule) clearInterval(schedule);
      await running;
    },
  };
}
