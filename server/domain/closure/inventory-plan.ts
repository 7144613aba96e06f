/**
 * What an inventory refresh must read again: a file is hashed when it is new, when the last run
 * could not hash it, or when its size, modification time or (for container prefixes) etag
 * changed; otherwise its hash is kept. A file whose size and time stay the same while its bytes
 * change (a deliberate `touch -d` back) is not noticed: the same trade-off rsync makes; a
 * container's etag closes that gap for S3 and Azure.
 *
 * Example: `needsHash({ path: 'a', bytes: 3, mtimeMs: 1000, etag: null }, known)` → false when
 * `known` has bytes 3, mtimeMs 1000, no etag and a sha256.
 */

/** A file as the area lists it now. */
export interface SeenFile {
  path: string;
  bytes: number;
  mtimeMs: number;
  etag: string | null;
}

/** A file as the last inventory recorded it. */
export interface KnownFile extends SeenFile {
  sha256: string | null;
}

/** Whether the file must be read and hashed again. */
export function needsHash(seen: SeenFile, known: KnownFile | undefined): boolean {
  if (!known || known.sha256 === null) return true;
  return known.bytes !== seen.bytes || known.mtimeMs !== seen.mtimeMs || (known.etag ?? null) !== (seen.etag ?? null);
}
