/**
 * Checks files in worker threads, one file per worker at a time, so that a hostile file cannot
 * take the process down: a file that runs past its time budget or its memory budget has its
 * worker terminated and is reported `unreadable` with the reason; a new worker takes its place.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import type { ScanParameters } from './presets';
import type { ScanJob } from './scan.worker';
import type { PackageKind } from './types';

export interface PoolOptions {
  parameters: ScanParameters;
  packageKind: PackageKind;
  workers?: number;
  /** Heap limit per worker in MiB. */
  workerMemoryMb?: number;
}

const WORKER_URL = new URL('./scan-worker-bootstrap.mjs', import.meta.url);

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

/**
 * The time budget of one file: `fileTimeoutMs` for every started 10 MiB, so any file under
 * 10 MiB gets the base budget and a streamed 1 GiB file gets proportionally more.
 */
export function budgetFor(bytes: number, fileTimeoutMs: number): number {
  return fileTimeoutMs * Math.max(1, Math.ceil(bytes / (10 * 1024 * 1024)));
}

/** Checks every path (files only) and returns the entries in the same order. */
export async function scanInWorkers(paths: string[], options: PoolOptions): Promise<ScannedEntry[]> {
  const results: ScannedEntry[] = new Array(paths.length);
  let next = 0;
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), paths.length));

  const runLane = async (): Promise<void> => {
    let worker: Worker | undefined;
    const fresh = () =>
      new Worker(WORKER_URL, {
        resourceLimits: { maxOldGenerationSizeMb: options.workerMemoryMb ?? 512 },
      });
    try {
      while (next < paths.length) {
        const index = next++;
        const path = paths[index] as string;
        worker ??= fresh();
        const w = worker;
        const timeoutMs = budgetFor(await stat(path).then((s) => s.size, () => 0), options.parameters.fileTimeoutMs);
        const outcome = await new Promise<{ entry?: ScannedEntry; error?: string; fatal?: string }>((resolve) => {
          const timer = setTimeout(() => resolve({ fatal: `time budget exceeded (${timeoutMs} ms)` }), timeoutMs + 2000);
          const done = (value: { entry?: ScannedEntry; error?: string; fatal?: string }) => {
            clearTimeout(timer);
            w.off('message', onMessage);
            w.off('error', onError);
            resolve(value);
          };
          const onMessage = (m: { id: number; entry?: ScannedEntry; error?: string }) => {
            if (m.id === index) done(m);
          };
          const onError = (e: Error & { code?: string }) =>
            done({ fatal: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory budget exceeded' : `the check failed: ${e.message}` });
          w.on('message', onMessage);
          w.on('error', onError);
          const job: ScanJob = { id: index, path, parameters: { ...options.parameters, fileTimeoutMs: timeoutMs }, packageKind: options.packageKind };
          w.postMessage(job);
        });
        if (outcome.fatal) {
          await w.terminate();
          worker = undefined;
          results[index] = await unreadableEntry(path, outcome.fatal);
        } else if (outcome.error) {
          results[index] = await unreadableEntry(path, outcome.error);
        } else {
          results[index] = outcome.entry as ScannedEntry;
        }
      }
    } finally {
      await worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: size }, runLane));
  return results;
}
