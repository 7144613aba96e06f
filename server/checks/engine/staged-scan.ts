/**
 * The Scanner port of server/ports/scanner.ts: each batch stages its files in a private
 * temporary folder (one sub-folder per file, so names never clash; mode 0600) and scans them
 * in the worker pool. Wired by server/entrypoints/services.ts.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ScannedEntry } from '../../../common/contracts/scan.contract';
import type { ScanParameters } from '../shared/presets';
import { scanInWorkers } from './scan-pool';
import type { PackageKind } from './types';

/** A scanner whose batches run on `workers` worker threads (default: the pool's choice). */
export function stagedScanner(options: { workers?: number } = {}) {
  return {
    async openBatch() {
      const dir = await mkdtemp(join(tmpdir(), 'egress-checks-'));
      const paths: string[] = [];
      return {
        async stage(name: string, content: Readable): Promise<string> {
          const folder = join(dir, String(paths.length));
          await mkdir(folder);
          const path = join(folder, name);
          await pipeline(content, createWriteStream(path, { mode: 0o600 }));
          paths.push(path);
          return path;
        },
        scan(scan: { parameters: ScanParameters; packageKind: PackageKind }): Promise<ScannedEntry[]> {
          return scanInWorkers(paths, { ...scan, ...(options.workers ? { workers: options.workers } : {}) });
        },
        dispose: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}
