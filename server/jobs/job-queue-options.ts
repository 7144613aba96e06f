/**
 * What both job queue adapters agree on: defaults, the validation of queue names, payloads and
 * options (zod, refused as `validation.invalid_input`), the retry delay rule and how a failure
 * is reduced to a short message. Keeping these in one place is what lets the contract suite
 * (job-queue-contract.testing.ts) hold both adapters to the same behaviour.
 *
 * Example: `parseEnqueue('package.checks', { packageId }, { maxAttempts: 3 })` →
 * `{ queue, payloadJson: '{"packageId":"…"}', maxAttempts: 3, backoffMs: 1000, delayMs: 0 }`.
 */
import { z } from 'zod';
import { parseInput } from '../commands/parse-input';
import type { EnqueueOptions, WorkerOptions } from '../ports/job-queue';

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1_000;
/** How long a claimed job belongs to its worker before it is considered dead. */
export const DEFAULT_LEASE_MS = 10 * 60_000;
export const DEFAULT_POLL_INTERVAL_MS = 250;
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
/** Stored error messages are cut to this length. */
export const MAX_ERROR_CHARS = 1_000;
/** Payloads carry identifiers, never file contents: anything larger is refused. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
const DAY_MS = 24 * 60 * 60_000;
/** No retry waits longer than this, however many attempts came before. */
export const MAX_RETRY_DELAY_MS = DAY_MS;

/** Lower-case letters, digits, `.`, `_` and `-`; the adapters reserve `:` for their own queues. */
const queueNameSchema = z.string().regex(/^[a-z][a-z0-9._-]{0,99}$/, 'a queue name is 1–100 lower-case letters, digits, ".", "_" or "-", starting with a letter');

const payloadSchema = z.record(z.string(), z.unknown()).refine((p) => jsonBytes(p) <= MAX_PAYLOAD_BYTES, `a payload is at most ${MAX_PAYLOAD_BYTES} bytes of JSON`);

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY; // not JSON (a BigInt, a cycle): refused like an oversized payload
  }
}

const enqueueOptionsSchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(100).default(DEFAULT_MAX_ATTEMPTS),
    backoffMs: z.number().int().min(0).max(DAY_MS).default(DEFAULT_BACKOFF_MS),
    delayMs: z
      .number()
      .int()
      .min(0)
      .max(30 * DAY_MS)
      .default(0),
  })
  .strict();

const enqueueSchema = z.object({ queue: queueNameSchema, payload: payloadSchema, options: enqueueOptionsSchema });

const workSchema = z.object({
  queue: queueNameSchema,
  concurrency: z.number().int().min(1).max(64).default(1),
  handler: z.custom<unknown>((v) => typeof v === 'function', 'handler must be a function'),
  onDead: z.custom<unknown>((v) => v === undefined || typeof v === 'function', 'onDead must be a function').optional(),
});

/** A validated enqueue request. */
export interface EnqueueRequest {
  queue: string;
  payloadJson: string;
  maxAttempts: number;
  backoffMs: number;
  delayMs: number;
}

/** Validates an enqueue call; throws `validation.invalid_input` listing every problem. */
export function parseEnqueue(queue: string, payload: object, options: EnqueueOptions = {}): EnqueueRequest {
  const parsed = parseInput(enqueueSchema, { queue, payload, options });
  return { queue: parsed.queue, payloadJson: JSON.stringify(parsed.payload), ...parsed.options };
}

/** Validates a work call; throws `validation.invalid_input`. Returns the concurrency to use. */
export function parseWork<P>(queue: string, options: WorkerOptions<P>): { queue: string; concurrency: number } {
  const parsed = parseInput(workSchema, { queue, ...options });
  return { queue: parsed.queue, concurrency: parsed.concurrency };
}

/** The wait before the next attempt after attempt `attempt` (1-based) failed: `backoffMs * 2^(attempt-1)`, capped at a day. */
export function retryDelayMs(backoffMs: number, attempt: number): number {
  return Math.min(backoffMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40), MAX_RETRY_DELAY_MS);
}

/** The message of a failure, cut to MAX_ERROR_CHARS. Only the message is kept: no stack, no payload. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'the handler failed without an Error';
  const text = message.trim() === '' ? 'the handler failed without a message' : message;
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

/** Where the adapters report problems they cannot throw (a poll that failed, an onDead that threw). pino fits. */
export interface JobQueueLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** The fallback logger: one JSON line on stderr. */
export const stderrJobLogger: JobQueueLogger = {
  warn: (details, message) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...details })}\n`),
  error: (details, message) => process.stderr.write(`${JSON.stringify({ level: 'error', msg: message, ...details })}\n`),
};

/** A promise that resolves after `ms` or as soon as `wake()` is called, whichever comes first. */
export function wakeableSleeper(): { sleep(ms: number): Promise<void>; wake(): void } {
  let wakeSleeper: (() => void) | undefined;
  let woken = false;
  return {
    sleep(ms) {
      // A wake that arrived while the loop was busy is not lost: the next sleep returns at once.
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakeSleeper = undefined;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wakeSleeper = done;
      });
    },
    wake() {
      if (wakeSleeper) wakeSleeper();
      else woken = true;
    },
  };
}
