/**
 * A file the verifier reads in pieces: positioned reads on disk for `egress verify`, `Blob.slice()`
 * for the browser's "verify a bundle" page, a byte array in tests. Isomorphic: no Node built-ins.
 */
export interface RandomAccessSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Exactly `length` bytes from `offset` (the verifier never asks past `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes already in memory (tests, small bundles). */
export function bytesSource(bytes: Uint8Array): RandomAccessSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** A source over a browser `Blob`/`File` (also Node's `Blob`): each read is one `slice()`. */
export function blobSource(blob: Blob): RandomAccessSource {
  return { size: blob.size, read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()) };
}
