/**
 * SHA-256 of a byte range of a random-access source, streamed in chunks so a multi-GiB file never
 * sits in memory. The default hasher is @noble/hashes (runs anywhere); a caller with a faster one
 * (the CLI: node:crypto) passes it in. Isomorphic: no Node built-ins.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { RandomAccessSource } from './random-access';

/** An incremental SHA-256: `update` any number of times, then `digest` once. */
export interface IncrementalHash {
  update(bytes: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** Makes a fresh SHA-256 hasher, e.g. `() => createHash('sha256')` from node:crypto. */
export type Sha256Factory = () => IncrementalHash;

export const nobleSha256: Sha256Factory = () => sha256.create();

/** 4 MiB: few enough reads for speed, small enough that memory stays flat. */
export const HASH_CHUNK = 4 * 1024 * 1024;

/**
 * Lower-case hex SHA-256 of `length` bytes from `offset`; `onChunk(n)` after each chunk of n bytes
 * (for progress bars).
 */
export async function sha256OfRange(source: RandomAccessSource, offset: number, length: number, createHash: Sha256Factory = nobleSha256, onChunk?: (bytes: number) => void): Promise<string> {
  const hash = createHash();
  for (let done = 0; done < length;) {
    const n = Math.min(HASH_CHUNK, length - done);
    hash.update(await source.read(offset + done, n));
    done += n;
    onChunk?.(n);
  }
  return bytesToHex(hash.digest());
}

/** Lower-case hex SHA-256 of bytes in memory, with the default hasher. */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
