/**
 * Package services for tests: a file blob store in a fresh temporary folder, the real table
 * job queue on the test database (polling fast) with the checks stage registered, small
 * limits that tests can override, and a `settle()` that waits until queued checks are done.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stagedScanner } from '../checks/engine/staged-scan';
import { stagedRedactor } from '../redaction/staged-redactor';
import type { RedactionOperation } from '../redaction/types';
import { systemActor } from '../commands/context';
import { CHECKS_QUEUE } from '../commands/checks-stage';
import type { DatabaseHandle } from '../db/connect';
import { openJobQueue } from '../jobs/open-job-queue';
import { registerPackageChecks, startChecks } from '../jobs/package-checks.worker';
import { registerPackageRelease, startReleaseJob } from '../jobs/package-release.worker';
import { registerClosureInventory, startInventoryJob } from '../jobs/closure-inventory.worker';
import { INVENTORY_QUEUE } from '../commands/closure-inventory.commands';
import { fileKeyStore } from '../bundles/key-file';
import { blobStoreSealer } from '../bundles/seal-bundle';
import { encryptBlobs } from '../delivery/recipient-encryption';
import { RELEASE_QUEUE, type ReleaseDeps } from '../commands/release-stage';
import type { BundleKeyStore } from '../ports/bundle-signer';
import { type Clock, systemClock } from '../ports/clock';
import type { JobQueue } from '../ports/job-queue';
import type { PackageLimits, PackageServices } from '../ports/package-services';
import { openBlobStore } from '../storage/open-blob-store';
import { outputAreas } from '../storage/open-output-area';
import { uploadStaging } from '../storage/tus-upload-staging';
import { closureReportRenderer } from '../reports/closure-report-pdf';

export const TEST_PACKAGE_LIMITS: PackageLimits = { maxFileBytes: 64 * 1024 * 1024, maxPackageBytes: 1024 * 1024 * 1024, maxPackageFiles: 20_000 };

export interface TestServices extends PackageServices {
  jobs: JobQueue;
  /** The temporary folder holding blobs/ and uploads/. */
  root: string;
  /** Where uploads are staged (root/uploads). */
  uploadDir: string;
  /** Waits until every queued checks job has run. */
  settle(timeoutMs?: number): Promise<void>;
  /** Waits until every queued release job has run. */
  settleReleases(timeoutMs?: number): Promise<void>;
  /** Waits until every queued inventory run has finished. */
  settleInventories(timeoutMs?: number): Promise<void>;
  /** The bundle signing key (root/bundle-signing-key.pem, created at the first release). */
  bundleKeys: BundleKeyStore;
  close(): Promise<void>;
}

export async function createTestServices(
  database: DatabaseHandle,
  options: {
    limits?: Partial<PackageLimits>;
    quotaBytes?: number;
    clock?: Clock;
    root?: string;
    release?: Partial<ReleaseDeps>;
    /** The redaction operations offered (default: the registry's); tests of the redaction backbone pass their own. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
    redactionOperations?: readonly RedactionOperation<any>[];
  } = {},
): Promise<TestServices> {
  const root = options.root ?? (await mkdtemp(join(tmpdir(), 'egress-services-')));
  const storage = { url: `file:${join(root, 'blobs')}`, quotaBytes: options.quotaBytes ?? 0 };
  const blobs = openBlobStore(storage);
  const uploadDir = join(root, 'uploads');
  await blobs.ready();
  // The table queue on both dialects: the pg-boss adapter has its own contract tests.
  const jobs = openJobQueue({ kind: 'table', db: database.db, dialect: database.dialect, databaseUrl: '', pollIntervalMs: 20 });
  await jobs.start();
  const ctx = { db: database.db, clock: options.clock ?? systemClock, actor: systemActor('checks stage') };
  const scanner = stagedScanner({ workers: 1 });
  await registerPackageChecks(jobs, ctx, { blobs, scanner, preset: 'acro', toolVersion: 'test' });
  const bundleKeys = fileKeyStore(join(root, 'bundle-signing-key.pem'), true);
  const releaseCtx = { ...ctx, actor: systemActor('release job') };
  await registerPackageRelease(jobs, releaseCtx, { bundles: blobStoreSealer(blobs), bundleKeys, delivery: {}, encrypt: encryptBlobs(blobs), toolVersion: 'test', ...options.release });
  const areas = outputAreas(storage);
  await registerClosureInventory(jobs, { ...ctx, actor: systemActor('inventory job') }, { outputAreas: areas });
  return {
    blobs,
    jobs,
    root,
    limits: { ...TEST_PACKAGE_LIMITS, ...options.limits },
    uploadDir,
    uploadStaging: uploadStaging(uploadDir),
    outputAreas: areas,
    reportRenderer: closureReportRenderer(),
    redaction: {
      redactor: stagedRedactor(options.redactionOperations ? { operations: options.redactionOperations } : {}),
      checks: { scanner, preset: 'acro', toolVersion: 'test' },
    },
    // Retries a few milliseconds apart, so a test sees a package fail without waiting seconds.
    startChecks: (id, turn) => startChecks(jobs, id, turn, { maxAttempts: 3, backoffMs: 10 }),
    startRelease: (id) => startReleaseJob(jobs, id, { maxAttempts: 3, backoffMs: 10 }),
    startInventory: (id) => startInventoryJob(jobs, id, { maxAttempts: 2, backoffMs: 10 }),
    settle: (timeoutMs = 60_000) => jobs.drain(CHECKS_QUEUE, timeoutMs),
    settleReleases: (timeoutMs = 60_000) => jobs.drain(RELEASE_QUEUE, timeoutMs),
    settleInventories: (timeoutMs = 60_000) => jobs.drain(INVENTORY_QUEUE, timeoutMs),
    bundleKeys,
    close: async () => {
      await jobs.stop();
      await blobs.close?.();
      if (!options.root) await rm(root, { recursive: true, force: true });
    },
  };
}
