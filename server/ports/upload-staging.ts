/**
 * Where resumable (tus) uploads are staged until complete. The upload endpoint
 * (server/http/routes/uploads.routes.ts) opens the staging once per running app and hands its
 * `datastore` to @tus/server, which speaks the protocol; everything else the endpoint does with
 * staged bytes goes through this port. server/storage/tus-upload-staging.ts implements it (a
 * folder on local disk that hashes bytes as they arrive), wired in server/entrypoints with the
 * upload folder, UPLOAD_EXPIRY_HOURS and UPLOAD_CLEANUP_INTERVAL_MINUTES.
 *
 * The tus `DataStore` type is the protocol library's vocabulary (type only, no adapter code).
 *
 * Example: `const staged = await packages.uploadStaging.open();
 * new Server({ datastore: staged.datastore, … });
 * await staged.storeInto(packages.blobs, uploadId, { expectedBytes, maxBytes });`
 */
import type { DataStore } from '@tus/server';
import type { BlobStore, PutOptions, StoredBlob } from './blob-store';

/** The staging store of one running upload endpoint. */
export interface OpenUploadStaging {
  /** The tus data store holding the staged bytes and each upload's offset. */
  readonly datastore: DataStore;
  /** How often the staged bytes of expired uploads are to be removed (ms); 0: only when opened. */
  readonly cleanupIntervalMs: number;
  /** Removes the staged bytes of uploads not completed in time; answers how many went. */
  deleteExpired(): Promise<number>;
  /**
   * Puts the complete staged bytes of upload `uploadId` into `blobs`, checked against `options`
   * (without reading them again when the blob store can adopt the staged file).
   */
  storeInto(blobs: BlobStore, uploadId: string, options: PutOptions): Promise<StoredBlob>;
  /** Removes an upload's staged bytes. */
  remove(uploadId: string): Promise<void>;
}

export interface UploadStaging {
  /** Opens the staging store (creating its folder), with nothing yet hashed in memory. */
  open(): Promise<OpenUploadStaging>;
}
