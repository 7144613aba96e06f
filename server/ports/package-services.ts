/**
 * What the package routes and commands need from the running system, wired once by
 * server/entrypoints/services.ts (and by server/testing/services.ts for tests).
 */
import type { BlobStore } from './blob-store';
import type { ClosureReportRenderer } from './closure-report-renderer';
import type { PresetName } from '../checks/shared/presets';
import type { OutputAreas } from './output-areas';
import type { Redactor } from './redactor';
import type { Scanner } from './scanner';
import type { UploadStaging } from './upload-staging';

/** Limits on what a package may hold (MAX_FILE_BYTES, MAX_PACKAGE_BYTES, MAX_PACKAGE_FILES). */
export interface PackageLimits {
  maxFileBytes: number;
  maxPackageBytes: number;
  maxPackageFiles: number;
}

/** What redaction needs (issue 13): the operations, and the checks to run on a redacted version at once. */
export interface RedactionServices {
  redactor: Redactor;
  /** The checks as the checks stage runs them: the scanner, the installation's preset (CHECK_PRESET) and the tool version recorded. */
  checks: { scanner: Scanner; preset: PresetName; toolVersion: string };
}

export interface PackageServices {
  blobs: BlobStore;
  limits: PackageLimits;
  /** Where resumable uploads are staged until complete. */
  uploadStaging: UploadStaging;
  /** Opens projects' output areas (folders, and s3:// or azure:// prefixes with the server's storage credentials). */
  outputAreas: OutputAreas;
  /** Redaction operations and the checks a redacted version gets at once. */
  redaction: RedactionServices;
  /** Queues the checks stage of a package's review turn (called after the submission committed). */
  startChecks(packageId: string, reviewTurn: number): Promise<void>;
  /** Queues the release job of a release attempt (called after the start committed). */
  startRelease(releaseId: string): Promise<void>;
  /** Draws the closure report's PDF when a project closes (docs/closure.md "Closure report"). */
  reportRenderer: ClosureReportRenderer;
  /** Queues an output-area inventory run (called after the request committed; docs/closure.md). */
  startInventory(refreshId: string): Promise<void>;
}
