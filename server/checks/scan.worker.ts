/** Worker thread: checks one file at a time for the pool (scan-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { scanFile } from './scan-file';
import type { PackageKind } from './types';
import type { ScanParameters } from './presets';

export interface ScanJob {
  id: number;
  path: string;
  parameters: ScanParameters;
  packageKind: PackageKind;
}

parentPort?.on('message', async (job: ScanJob) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), job.parameters.fileTimeoutMs);
  try {
    const entry = await scanFile(job.path, { parameters: job.parameters, packageKind: job.packageKind, signal: controller.signal });
    parentPort?.postMessage({ id: job.id, entry });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(timer);
  }
});
