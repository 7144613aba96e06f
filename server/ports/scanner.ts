/**
 * The disclosure checks as the checks stage (server/commands/checks-stage.ts) uses them: files
 * are staged one by one under their own names (the checks read files and use the name as a
 * hint), then scanned together. Implemented by server/checks/engine/staged-scan.ts (a private temporary
 * folder and the worker pool), wired in server/entrypoints/services.ts and server/testing/services.ts.
 */
import type { Readable } from 'node:stream';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import type { ScanParameters } from '../checks/shared/presets';
import type { PackageKind } from '../checks/engine/types';

/** One batch of staged files; `dispose` removes what was staged. */
export interface ScanBatch {
  /**
   * Copies `content` as a file named `name`; returns the path the scan reports for it. A stream
   * that fails (e.g. `storage.integrity` from a blob store) rejects with that error.
   */
  stage(name: string, content: Readable): Promise<string>;
  /** Scans the staged files; one entry per staged file, in staging order. */
  scan(options: { parameters: ScanParameters; packageKind: PackageKind }): Promise<ScannedEntry[]>;
  dispose(): Promise<void>;
}

export interface Scanner {
  /** Opens an empty batch. */
  openBatch(): Promise<ScanBatch>;
}
