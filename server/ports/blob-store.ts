/**
 * Content-addressed storage of file bytes, keyed by sha256 (docs/design.md §10). Three backends
 * implement it (server/storage): local files, S3-compatible, Azure Blob; one contract suite
 * (server/storage/blob-store-contract.testing.ts) runs against all three.
 *
 * Rules every backend keeps:
 * - `put` hashes while it streams (one pass), writes to a temporary name and makes the blob
 *   visible under its hash only once every byte is in and the hash and size match what the
 *   caller declared: a half-written or wrong blob is never visible.
 * - The same content twice is stored once (`created: false` the second time).
 * - `open` re-verifies while streaming: a stored blob whose bytes no longer hash to its key
 *   makes the stream fail with a `storage.integrity` DomainError at the end.
 * - `openRange` reads part of a blob (a resumed download). A part cannot be checked against the
 *   blob's hash, so it is read as stored; callers that need verified bytes read the whole blob
 *   with `open`.
 */
import type { Readable } from 'node:stream';

export interface PutOptions {
  /** When given, the bytes must hash to this, or nothing is stored (`file.hash_mismatch`). */
  expectedSha256?: string;
  /** When given, exactly this many bytes must arrive (`file.size_mismatch`). */
  expectedBytes?: number;
  /** Refuse with `file.too_large` as soon as more than this many bytes arrive. */
  maxBytes?: number;
}

export interface StoredBlob {
  sha256: string;
  bytes: number;
  /** False when the store already held this content. */
  created: boolean;
}

/** An inclusive byte range, as in HTTP's `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /** Human-readable description for logs and `/readyz`, e.g. "file:/data/blobs" (no secrets). */
  readonly description: string;
  put(content: Readable, options?: PutOptions): Promise<StoredBlob>;
  /** A stream of the blob's bytes, verified against its hash as it is read. */
  open(sha256: string): Promise<Readable>;
  /**
   * A stream of bytes `start` to `end` (both inclusive, 0 ≤ start ≤ end < size) of the blob, not
   * verified (see above). Refuses a range outside the blob with `validation.invalid_input` and an
   * unknown blob with `storage.not_found`.
   */
  openRange(sha256: string, range: ByteRange): Promise<Readable>;
  /** Size in bytes, or undefined when the store does not hold it. */
  stat(sha256: string): Promise<number | undefined>;
  /** Checks that the store is reachable and writable enough to start (creates a container/folder if needed). */
  ready(): Promise<void>;
  close?(): Promise<void>;
}
