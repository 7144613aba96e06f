/**
 * Checks files in worker threads, so that a hostile file cannot take the process down: a file
 * that runs past its time budget or its memory budget has its worker terminated and is reported
 * `unreadable` with the reason; a new worker takes its place and gets the files that were queued
 * behind it.
 *
 * Each worker checks one file at a time but holds up to QUEUE_DEPTH files, so it starts the next
 * file as soon as it finishes one instead of waiting for the main thread. Near the end (fewer than
 * QUEUE_DEPTH files per worker left) a worker holds one file at a time, so no worker sits on
 * files another one could start.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ScannedEntry } from '../../../common/contracts/scan.contract';
import { errorReason } from '../shared/error-reason';
import type { ScanParameters } from '../shared/presets';
import type { ScanJob, ScanWorkerMessage } from './scan.worker';
import type { PackageKind } from './types';

export interface PoolOptions {
  parameters: ScanParameters;
  packageKind: PackageKind;
  workers?: number;
  /** Heap limit per worker in MiB. */
  workerMemoryMb?: number;
}

const QUEUE_DEPTH = 3;
/** Grace on top of a file's budget before the worker is terminated (the checks stop at the budget themselves). */
const WATCHDOG_GRACE_MS = 2000;

/**
 * Run from the sources (tsx, vitest), the worker needs the TypeScript loader registered first;
 * run from the bundle (dist/cli, scripts/build-cli.ts), the bundled worker sits next to this chunk.
 */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./scan-worker-bootstrap.mjs', import.meta.url) : new URL('./scan.worker.js', import.meta.url);

async function unreadableEntry(path: string, reason: string): Promise<ScannedEntry> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    bytes = (await stat(path)).size;
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    /* the reason already says why */
  }
  return { path, sha256: hash.digest('hex'), bytes, mediaType: 'application/octet-stream', status: 'unreadable', reason, verdict: 'review', findings: [], entries: [] };
}

/** Checks every path (files only) and returns the entries in the same order. */
export async function scanInWorkers(paths: string[], options: PoolOptions): Promise<ScannedEntry[]> {
  const results: ScannedEntry[] = new Array(paths.length);
  if (paths.length === 0) return results;
  const pending: Promise<unknown>[] = [];
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), paths.length));
  let next = 0;
  const job = (id: number): ScanJob => ({ id, path: paths[id] as string, parameters: options.parameters, packageKind: options.packageKind });
  const unreadable = (id: number, reason: string) => pending.push(unreadableEntry(paths[id] as string, reason).then((e) => (results[id] = e)));

  /** One worker at a time and the files it holds; resolves when no file is left to start. */
  const runLane = () =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      let stop: () => void;
      let watchdog: NodeJS.Timeout | undefined;
      /** The file the watchdog is set for: the first one held, the one the worker is on. */
      let watched: number | undefined;
      const held: number[] = [];
      const watch = (ms: number) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => fail(`time budget exceeded (${ms} ms)`), ms + WATCHDOG_GRACE_MS);
      };

      const fill = () => {
        while (next < paths.length && (held.length === 0 || (held.length < QUEUE_DEPTH && paths.length - next >= size * QUEUE_DEPTH))) {
          held.push(next);
          worker.postMessage(job(next++));
        }
        if (held.length === 0) {
          stop();
          resolve();
        } else if (watched !== held[0]) {
          // The base budget until the worker reports the file's own (it may stall before it can).
          watched = held[0];
          watch(options.parameters.fileTimeoutMs);
        }
      };
      /** The file the worker is on failed for good: report it, replace the worker, hand the new one the rest. */
      const fail = (reason: string) => {
        clearTimeout(watchdog);
        stop();
        const failed = held.shift();
        if (failed !== undefined) unreadable(failed, reason);
        if (held.length === 0 && next >= paths.length) return resolve();
        start();
        for (const id of held) worker.postMessage(job(id));
        fill();
      };
      const onMessage = (m: ScanWorkerMessage) => {
        if (m.id !== held[0]) return;
        if ('budgetMs' in m) {
          watch(m.budgetMs);
          return;
        }
        clearTimeout(watchdog);
        held.shift();
        if ('entry' in m) results[m.id] = m.entry;
        else unreadable(m.id, m.error);
        fill();
      };
      const start = () => {
        const w = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: options.workerMemoryMb ?? 512 } });
        const onError = (e: Error & { code?: string }) => fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory budget exceeded' : `the check failed: ${errorReason(e)}`);
        const onExit = (code: number) => fail(`the worker stopped (exit code ${code})`);
        w.on('message', onMessage).on('error', onError).on('exit', onExit);
        worker = w;
        stop = () => {
          w.off('message', onMessage).off('error', onError).off('exit', onExit);
          pending.push(w.terminate());
        };
      };
      start();
      fill();
    });

  await Promise.all(Array.from({ length: size }, runLane));
  await Promise.all(pending);
  return results;
}
