/**
 * What the package routes and commands need from the running system, wired once by
 * server/entrypoints/services.ts (and by server/testing/services.ts for tests).
 */
import type { PackageLimits, StorageConfig } from '../config/config';
import type { BlobStore } from './blob-store';

export interface PackageServices {
  blobs: BlobStore;
  limits: PackageLimits;
  /** Folder where resumable uploads are staged until complete. */
  uploadDir: string;
  /** Queues the checks stage of a package's review turn (called after the submission committed). */
  startChecks(packageId: string, reviewTurn: number): Promise<void>;
  /** The storage settings, whose credentials also read s3:// and azure:// output areas (absent: no credentials). */
  storage?: StorageConfig;
}
