/**
 * Notification e-mail on the job queue (issue 14, docs/notifications.md):
 *
 * - `registerNotificationEmail`: the `notification.email` queue; one job per notification and
 *   recipient (the job's payload is the notification's id, which is the idempotency key: the
 *   command sends only a still-pending e-mail). Retries with back-off; after the last attempt the
 *   e-mail is recorded `failed`. Its own queue and several at once, so a dead SMTP server delays
 *   nothing but e-mail.
 * - `dispatchPendingEmails`: the outbox step. Commands store notifications in their transaction;
 *   this claims pending e-mails (a conditional UPDATE each) and queues a job per e-mail. Without
 *   SMTP configured it marks them `off` instead.
 * - `startNotificationScheduler`: runs the dispatch every few seconds and the scheduled checks
 *   (links about to expire, projects closing too long) every few minutes, until stopped.
 */
import type { CommandContext } from '../commands/context';
import { type ClosureChecklistProbe, notifyClosureOverdue, notifyExpiringLinks } from '../commands/notification-checks';
import { type EmailDeps, markEmailsOff, recordEmailGivenUp, sendNotificationEmail } from '../commands/notification-email.commands';
import { claimPendingEmails } from '../db/notifications.repository';
import type { JobQueue } from '../ports/job-queue';
import { type JobQueueLogger, describeFailure, stderrJobLogger } from './job-queue-options';

export const EMAIL_QUEUE = 'notification.email';

export interface EmailJob {
  notificationId: string;
}

/** Eight attempts, 30 s doubling (about two hours in all), before an e-mail is recorded failed. */
export const EMAIL_RETRY = { maxAttempts: 8, backoffMs: 30_000 };
/** A claimed e-mail still pending after this long lost its job (a crash between claim and enqueue): it is queued again. */
export const EMAIL_STALE_MS = 6 * 3600_000;

export async function registerNotificationEmail(queue: JobQueue, ctx: CommandContext, deps: EmailDeps, concurrency = 4): Promise<void> {
  await queue.work<EmailJob>(EMAIL_QUEUE, {
    handler: async (job) => {
      await sendNotificationEmail(ctx, deps, job.payload.notificationId);
    },
    onDead: (job, error) => recordEmailGivenUp(ctx, job.payload.notificationId, error),
    concurrency,
  });
}

/** Queues a job for each pending e-mail (or marks them off without a mailer); returns how many were claimed. */
export async function dispatchPendingEmails(queue: JobQueue, ctx: CommandContext, mailConfigured: boolean, retry = EMAIL_RETRY): Promise<number> {
  const now = ctx.clock.now();
  const claimed = await claimPendingEmails(ctx.db, now.toISOString(), new Date(now.getTime() - EMAIL_STALE_MS).toISOString(), 200);
  if (!mailConfigured) {
    await markEmailsOff(ctx, claimed);
    return claimed.length;
  }
  for (const notificationId of claimed) await queue.enqueue<EmailJob>(EMAIL_QUEUE, { notificationId }, retry);
  return claimed.length;
}

export interface SchedulerOptions {
  mailConfigured: boolean;
  linkExpiryHours: number;
  closureDays: number;
  /** The closure branch's "nothing is missing" answer, when it exists. */
  isChecklistComplete?: ClosureChecklistProbe;
  dispatchIntervalMs?: number;
  checksIntervalMs?: number;
  retry?: { maxAttempts: number; backoffMs: number };
  log?: JobQueueLogger;
}

/** Starts the dispatch and check loops; `stop()` ends them (and waits for a round in progress). */
export function startNotificationScheduler(queue: JobQueue, ctx: CommandContext, options: SchedulerOptions): { stop(): Promise<void> } {
  const log = options.log ?? stderrJobLogger;
  const dispatchEvery = options.dispatchIntervalMs ?? 2_000;
  const checksEvery = options.checksIntervalMs ?? 5 * 60_000;
  let stopped = false;
  let lastChecks = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      if (Date.now() - lastChecks >= checksEvery) {
        lastChecks = Date.now();
        await notifyExpiringLinks(ctx, options.linkExpiryHours);
        await notifyClosureOverdue(ctx, options.closureDays, options.isChecklistComplete);
      }
      await dispatchPendingEmails(queue, ctx, options.mailConfigured, options.retry);
    } catch (error) {
      log.error({ error: describeFailure(error) }, 'notifications: a scheduler round failed');
    }
  };
  const loop = () => {
    if (stopped) return;
    running = round().finally(() => {
      if (!stopped) timer = setTimeout(loop, dispatchEvery);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
