/**
 * Worker thread for the pool (scan-pool.ts): checks the files it is sent one at a time, in the
 * order they came. The pool sends a few files ahead so the worker never waits for the main
 * thread between files; before each file the worker answers `{id, budgetMs}`, the file's time
 * budget, and the pool's watchdog for that file starts then.
 */
import { stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import type { ScannedEntry } from '../../../common/contracts/scan.contract';
import { errorReason } from '../shared/error-reason';
import type { ScanParameters } from '../shared/presets';
import { scanFile } from './scan-file';
import type { PackageKind } from './types';

export interface ScanJob {
  id: number;
  path: string;
  parameters: ScanParameters;
  packageKind: PackageKind;
}

/** `budgetMs` when the file starts, then `entry` or `error` when it is done. */
export type ScanWorkerMessage = { id: number; budgetMs: number } | { id: number; entry: ScannedEntry } | { id: number; error: string };

/**
 * The time budget of one file: `fileTimeoutMs` for every started 10 MiB, so any file under
 * 10 MiB gets the base budget and a streamed 1 GiB file gets proportionally more.
 */
export function budgetFor(bytes: number, fileTimeoutMs: number): number {
  return fileTimeoutMs * Math.max(1, Math.ceil(bytes / (10 * 1024 * 1024)));
}

const post = (message: ScanWorkerMessage) => parentPort?.postMessage(message);

async function check(job: ScanJob): Promise<void> {
  const size = await stat(job.path).then(
    (s) => s.size,
    () => undefined,
  );
  const budgetMs = budgetFor(size ?? 0, job.parameters.fileTimeoutMs);
  post({ id: job.id, budgetMs });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budgetMs);
  try {
    const parameters = { ...job.parameters, fileTimeoutMs: budgetMs };
    post({ id: job.id, entry: await scanFile(job.path, { parameters, packageKind: job.packageKind, signal: controller.signal }, size) });
  } catch (error) {
    post({ id: job.id, error: errorReason(error) });
  } finally {
    clearTimeout(timer);
  }
}

const queue: ScanJob[] = [];
let running = false;

parentPort?.on('message', async (job: ScanJob) => {
  queue.push(job);
  if (running) return;
  running = true;
  for (let next = queue.shift(); next; next = queue.shift()) await check(next);
  running = false;
});
