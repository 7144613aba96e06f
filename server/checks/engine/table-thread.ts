/**
 * The table analysers of a large CSV/TSV on a thread of their own (table.worker.ts). The thread
 * that streams the file reads each chunk into a buffer taken from here, hashes it and runs the
 * line detectors on it, then hands the buffer over (transferred, not copied); the other thread
 * decodes it, reads its rows and hands the buffer back to be read into again. At most MAX_AHEAD
 * chunks wait, so memory stays flat when the tables are the slower half. The time budget is kept
 * here: when the signal aborts, whoever waits stops waiting and the thread is ended.
 *
 * Example: `const tables = new TableThread(file, ctx, ','); const chunk = tables.buffer(size);
 * …read into chunk…; await tables.push(chunk.subarray(0, bytesRead)); …;
 * findings.push(...await tables.end())`; `close()` in a `finally` ends the thread early.
 */
import { Worker, resourceLimits } from 'node:worker_threads';
import type { TableWorkerReply, TableWorkerRequest } from './table.worker';
import type { CheckContext, FileInfo, Finding } from './types';
import { CheckerReason } from '../shared/error-reason';

/** Chunks handed over but not yet read (reads of 960 KiB: under 8 MiB). */
const MAX_AHEAD = 8;
/** The heap limit of the pool's worker this runs in (scan-pool.ts), or its default. */
const HEAP_MB = resourceLimits.maxOldGenerationSizeMb ?? 512;

/** Run from the sources (tsx, vitest), the worker needs the TypeScript loader first (as in scan-pool.ts). */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./table-worker-bootstrap.mjs', import.meta.url) : new URL('./table.worker.js', import.meta.url);

export class TableThread {
  private readonly worker: Worker;
  private ahead = 0;
  /** Buffers handed back by the thread, to be read into again. */
  private readonly free: Buffer[] = [];
  /** The memory of every buffer lent by `buffer()`: only these are transferred (any other is copied first). */
  private readonly lent = new WeakSet<ArrayBufferLike>();
  private failure: Error | undefined;
  /** Called when a chunk has been read or the thread failed (one waiter at a time: the streaming loop). */
  private wake: (() => void) | undefined;
  private done: ((findings: Finding[]) => void) | undefined;
  private readonly signal: AbortSignal;
  private readonly onAbort = (): void => {
    this.fail(new CheckerReason('time budget exceeded'));
    void this.worker.terminate();
  };

  constructor(file: FileInfo, ctx: CheckContext, delimiter: string) {
    this.worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
    this.worker.on('message', (reply: TableWorkerReply) => {
      if ('read' in reply) {
        this.ahead--;
        this.lent.add(reply.read);
        this.free.push(Buffer.from(reply.read));
      } else if ('findings' in reply) this.done?.(reply.findings);
      else this.fail(new CheckerReason(`table analysers failed: ${reply.error}`));
      this.wake?.();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new CheckerReason(`table analysers stopped (exit code ${code})`)));
    this.signal = ctx.signal;
    if (this.signal.aborted) this.onAbort();
    else this.signal.addEventListener('abort', this.onAbort, { once: true });
    this.send({ start: { file, parameters: ctx.parameters, packageKind: ctx.packageKind, delimiter } });
  }

  /** A buffer of `size` bytes to read the next chunk into: one handed back by the thread when there is one. */
  buffer(size: number): Buffer {
    const reused = this.free.pop();
    if (reused && reused.length === size) return reused;
    const fresh = Buffer.allocUnsafeSlow(size);
    this.lent.add(fresh.buffer);
    return fresh;
  }

  /**
   * Hands over the next chunk of the file. A view from the start of a buffer from `buffer()` is
   * transferred, not copied, so the caller must not read it afterwards; any other bytes (a
   * Buffer from Node's shared pool must never be transferred) are copied. Waits while MAX_AHEAD
   * chunks are unread.
   */
  async push(chunk: Buffer): Promise<void> {
    while (this.ahead >= MAX_AHEAD && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
    this.ahead++;
    const buffer = this.lent.has(chunk.buffer) && chunk.byteOffset === 0 ? (chunk.buffer as ArrayBuffer) : new Uint8Array(chunk).buffer;
    this.worker.postMessage({ chunk: buffer, length: chunk.length } satisfies TableWorkerRequest, [buffer]);
  }

  /** The table findings, once every chunk has been read. */
  async end(): Promise<Finding[]> {
    if (this.failure) throw this.failure;
    const findings = new Promise<Finding[]>((resolve, reject) => {
      this.done = resolve;
      this.wake = () => this.failure && reject(this.failure);
    });
    this.send({ end: true });
    return findings;
  }

  /** Ends the thread (after `end`, or early when the scan stops). */
  async close(): Promise<void> {
    this.signal.removeEventListener('abort', this.onAbort);
    this.done = undefined;
    this.failure ??= new Error('closed');
    await this.worker.terminate();
  }

  private send(message: TableWorkerRequest): void {
    this.worker.postMessage(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }
}
