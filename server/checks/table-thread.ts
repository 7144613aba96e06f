/**
 * The table analysers of a large CSV/TSV on a thread of their own (table.worker.ts). The thread
 * that streams the file hands over each chunk once it has hashed it and run the line detectors
 * on it (the chunk's memory moves, nothing is copied), and goes on with the next chunk while the
 * other thread reads rows from this one; read chunks come back to be read into again. At most MAX_AHEAD chunks wait, so memory stays flat
 * when the tables are the slower half.
 *
 * Example: `const tables = new TableThread(file, ctx, ','); await tables.push(chunk); …;
 * findings.push(...await tables.end())`; `close()` in a `finally` ends the thread early.
 */
import { Worker } from 'node:worker_threads';
import type { TableWorkerReply, TableWorkerRequest } from './table.worker';
import type { CheckContext, FileInfo, Finding } from './types';

/** Chunks handed over but not yet read (reads of 960 KiB: under 8 MiB). */
const MAX_AHEAD = 8;
/** The same heap limit as the pool's workers (scan-pool.ts). */
const HEAP_MB = 512;

/** Run from the sources (tsx, vitest), the worker needs the TypeScript loader first (as in scan-pool.ts). */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./table-worker-bootstrap.mjs', import.meta.url) : new URL('./table.worker.js', import.meta.url);

export class TableThread {
  private readonly worker: Worker;
  private ahead = 0;
  /** Chunks given back, for the next reads: fresh memory for every chunk costs page faults. */
  private readonly spare: ArrayBuffer[] = [];
  private failure: Error | undefined;
  /** Called when a chunk has been read or the thread failed (one waiter at a time: the streaming loop). */
  private wake: (() => void) | undefined;
  private done: ((findings: Finding[]) => void) | undefined;
  private readonly signal: AbortSignal;
  private readonly onAbort = (): void => {
    this.fail(new Error('time budget exceeded'));
    void this.worker.terminate();
  };

  constructor(file: FileInfo, ctx: CheckContext, delimiter: string) {
    this.worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
    this.worker.on('message', (reply: TableWorkerReply) => {
      if ('read' in reply) {
        this.ahead--;
        this.spare.push(reply.read);
      } else if ('findings' in reply) this.done?.(reply.findings);
      else this.fail(new Error(`table analysers failed: ${reply.error}`));
      this.wake?.();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`table analysers stopped (exit code ${code})`)));
    // The budget is kept here: when it runs out, whoever waits on the thread stops waiting, and the thread ends.
    this.signal = ctx.signal;
    if (this.signal.aborted) this.onAbort();
    else this.signal.addEventListener('abort', this.onAbort, { once: true });
    this.send({ start: { file, parameters: ctx.parameters, packageKind: ctx.packageKind, delimiter } });
  }

  /** Chunks given back by the thread and not yet reused. */
  get spareChunks(): number {
    return this.spare.length;
  }

  /** Memory of `bytes` for the next chunk: one given back by the thread, or new. */
  buffer(bytes: number): Buffer {
    const reused = this.spare.pop();
    return reused && reused.byteLength === bytes ? Buffer.from(reused) : Buffer.allocUnsafeSlow(bytes);
  }

  /** Hands over a chunk the caller will not touch again; waits while MAX_AHEAD chunks are unread. */
  async push(chunk: Buffer): Promise<void> {
    while (this.ahead >= MAX_AHEAD && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
    this.ahead++;
    // A chunk that owns its memory moves to the other thread; a view into a larger buffer is copied.
    const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    const moved = (whole ? chunk.buffer : chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength)) as ArrayBuffer;
    this.worker.postMessage({ chunk: moved } satisfies TableWorkerRequest, [moved]);
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
