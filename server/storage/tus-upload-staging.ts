/**
 * The UploadStaging port (server/ports/upload-staging.ts) over HashingFileStore
 * (./upload-staging.ts): staged bytes in a folder of the server's disk (mode 0700), expiring
 * after `uploadExpiryMs`. A finished upload goes into a folder blob store by hard link with the
 * hash kept while it arrived, into other stores as a stream (hashed again on the way).
 *
 * Example: `uploadStaging(config.uploadDir, config.storage)` in server/entrypoints/services.ts.
 */
import { mkdir } from 'node:fs/promises';
import { DEFAULT_UPLOAD_CLEANUP_INTERVAL_MS, DEFAULT_UPLOAD_EXPIRY_MS, type StorageConfig } from '../config/config';
import type { OpenUploadStaging, UploadStaging } from '../ports/upload-staging';
import { canPutLocalFile } from './fs.blob-store';
import { HashingFileStore } from './upload-staging';

/** Staging in `directory`; expiry and clean-up interval from the storage settings (defaults: 7 days, hourly). */
export function uploadStaging(directory: string, settings: Pick<StorageConfig, 'uploadExpiryMs' | 'uploadCleanupIntervalMs'> = {}): UploadStaging {
  return {
    open: async (): Promise<OpenUploadStaging> => {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const store = new HashingFileStore({ directory, expirationPeriodInMilliseconds: settings.uploadExpiryMs ?? DEFAULT_UPLOAD_EXPIRY_MS });
      return {
        datastore: store,
        cleanupIntervalMs: settings.uploadCleanupIntervalMs ?? DEFAULT_UPLOAD_CLEANUP_INTERVAL_MS,
        deleteExpired: () => store.deleteExpired(),
        remove: (uploadId) => store.remove(uploadId),
        storeInto: async (blobs, uploadId, options) => {
          if (!canPutLocalFile(blobs)) return blobs.put(store.read(uploadId), options);
          return blobs.putLocalFile(store.stagedPath(uploadId), await store.digestStaged(uploadId, options.expectedBytes ?? 0), options);
        },
      };
    },
  };
}
