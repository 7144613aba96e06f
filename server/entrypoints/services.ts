/**
 * Wires what the package features need at run time: the bundle signing key and the audit
 * checkpoint key (checked first, so a missing, insecure or corrupt key refuses the start; the
 * checkpointer then signs checkpoints of the audit chain), the blob store chosen by STORAGE_URL, the
 * job queue chosen by JOB_QUEUE with the checks stage, the release job and the output-area
 * inventory (and its schedule, CLOSURE_INVENTORY_INTERVAL_MINUTES) registered on it, the limits, the tus
 * upload staging in UPLOAD_DIR and the output-area readers (with the storage credentials). The
 * test-only EGRESS_TEST_RELEASE_HALT_AT stops the release job at a checkpoint (release-halt.ts).
 */
import { AUDIT_CHECKPOINT_KEY_FILE, fileKeyStore } from '../bundles/key-file';
import { auditCheckpointSigner } from '../commands/audit-checkpoints.commands';
import { auditCheckpointKeyLocation } from '../config/audit-checkpoint-key';
import { startAuditCheckpointer } from '../jobs/audit-checkpointer';
import { blobStoreSealer } from '../bundles/seal-bundle';
import { stagedScanner } from '../checks/engine/staged-scan';
import { stagedRedactor } from '../redaction/staged-redactor';
import { currentBundleSigner } from '../commands/bundle-keys.commands';
import { systemActor } from '../commands/context';
import { bundleKeyLocation } from '../config/bundle-key';
import type { Config } from '../config/config';
import type { DatabaseHandle } from '../db/connect';
import { registerPackageChecks, resumeChecks, startChecks } from '../jobs/package-checks.worker';
import { registerPackageRelease, resumeReleases, startReleaseJob } from '../jobs/package-release.worker';
import { registerClosureInventory, resumeInventories, scheduleInventories, startInventoryJob } from '../jobs/closure-inventory.worker';
import { openJobQueue } from '../jobs/open-job-queue';
import type { BundleSealer } from '../ports/bundle-sealer';
import type { BundleKeyStore } from '../ports/bundle-signer';
import type { Clock } from '../ports/clock';
import type { JobQueue } from '../ports/job-queue';
import type { PackageServices } from '../ports/package-services';
import { openBlobStore } from '../storage/open-blob-store';
import { outputAreas } from '../storage/open-output-area';
import { closureReportRenderer } from '../reports/closure-report-pdf';
import { uploadStaging } from '../storage/tus-upload-staging';
import { releaseDeliverySteps } from './release-delivery';
import { encryptBlobs } from '../delivery/recipient-encryption';
import { haltReleaseAt } from './release-halt';
import { PRODUCT_VERSION } from './version';
import { registerNotificationEmail, startNotificationScheduler } from '../jobs/notification-email.worker';
import { isClosureChecklistComplete } from '../commands/closure.queries';
import { smtpMailer } from '../delivery/smtp-mailer';

export interface RunningServices {
  packages: PackageServices;
  jobs: JobQueue;
  /** The bundle signing key's file; the release job gets its signer with `currentBundleSigner(ctx, bundleKeys)`. */
  bundleKeys: BundleKeyStore;
  /** Seals bundles from (and into) the blob store; the release job calls `sealToStore(manifest, signer)`. */
  bundles: BundleSealer;
  close(): Promise<void>;
}

export async function openServices(config: Config, handle: DatabaseHandle, clock: Clock, onScheduleError?: (error: unknown) => void): Promise<RunningServices> {
  const keyLocation = bundleKeyLocation(config);
  const bundleKeys = fileKeyStore(keyLocation.path, keyLocation.managed);
  await currentBundleSigner({ db: handle.db, clock, actor: systemActor('server start') }, bundleKeys);
  const checkpointKey = auditCheckpointKeyLocation(config);
  const checkpointSigner = await auditCheckpointSigner(fileKeyStore(checkpointKey.path, checkpointKey.managed, AUDIT_CHECKPOINT_KEY_FILE));
  const blobs = openBlobStore(config.storage);
  await blobs.ready();
  const jobs = openJobQueue({ kind: config.jobQueue, db: handle.db, dialect: handle.dialect, databaseUrl: config.databaseUrl });
  await jobs.start();
  const ctx = { db: handle.db, clock, actor: systemActor('checks stage') };
  const scanner = stagedScanner();
  await registerPackageChecks(jobs, ctx, { blobs, scanner, preset: config.checkPreset, toolVersion: PRODUCT_VERSION });
  await resumeChecks(jobs, ctx);
  const bundles = blobStoreSealer(blobs);
  const releaseCtx = { db: handle.db, clock, actor: systemActor('release job') };
  await registerPackageRelease(jobs, releaseCtx, {
    bundles,
    bundleKeys,
    delivery: releaseDeliverySteps(handle.db, blobs, config.delivery),
    encrypt: encryptBlobs(blobs),
    toolVersion: PRODUCT_VERSION,
    ...(config.releaseHaltAt ? { checkpoint: haltReleaseAt(config.releaseHaltAt) } : {}),
  });
  await resumeReleases(jobs, releaseCtx);
  const areas = outputAreas(config.storage);
  const inventoryCtx = { db: handle.db, clock, actor: systemActor('inventory job') };
  await registerClosureInventory(jobs, inventoryCtx, { outputAreas: areas });
  await resumeInventories(jobs, inventoryCtx);
  const stopSchedule = scheduleInventories(jobs, inventoryCtx, config.closureInventoryIntervalMs, (error) => onScheduleError?.(error));
  // Notifications: e-mail jobs when SMTP is configured; the scheduler queues them and runs the checks.
  const notifyCtx = { db: handle.db, clock, actor: systemActor('notifications') };
  const notifySettings = config.notifications;
  const mailer = notifySettings.mail ? smtpMailer(notifySettings.mail) : null;
  if (mailer && notifySettings.mail) {
    const domain = /@([^>\s]+)>?$/.exec(notifySettings.mail.from)?.[1] ?? 'egress.invalid';
    await registerNotificationEmail(jobs, notifyCtx, { mailer, publicBaseUrl: notifySettings.publicBaseUrl as string, messageIdDomain: domain });
  }
  const scheduler = startNotificationScheduler(jobs, notifyCtx, {
    mailConfigured: mailer !== null,
    linkExpiryHours: notifySettings.linkExpiryHours,
    closureDays: notifySettings.closureDays,
    // The reminder that a project is still closing stops once its checklist has no gap.
    isChecklistComplete: (projectId) => isClosureChecklistComplete(handle.db, projectId, clock.now().toISOString()),
  });
  const checkpointer = await startAuditCheckpointer({ db: handle.db, clock, actor: systemActor('audit checkpoints') }, checkpointSigner, config.auditCheckpoints);
  return {
    packages: {
      blobs,
      limits: config.limits,
      uploadStaging: uploadStaging(config.uploadDir, config.storage),
      outputAreas: areas,
      reportRenderer: closureReportRenderer(),
      redaction: { redactor: stagedRedactor(), checks: { scanner, preset: config.checkPreset, toolVersion: PRODUCT_VERSION } },
      startChecks: (id, turn) => startChecks(jobs, id, turn),
      startRelease: (id) => startReleaseJob(jobs, id),
      startInventory: (id) => startInventoryJob(jobs, id),
    },
    jobs,
    bundleKeys,
    bundles,
    close: async () => {
      stopSchedule();
      await scheduler.stop();
      await checkpointer.stop();
      await jobs.stop();
      mailer?.close?.();
      await blobs.close?.();
    },
  };
}
