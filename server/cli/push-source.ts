/**
 * The file source `egress push` hands to tus-js-client (its `fileReader` option): it reads the
 * slices tus asks for straight from the file and hashes the file on the way, each byte once,
 * so a file is read once for hashing and sending together instead of once for each.
 *
 * The hash runs in file order: bytes are hashed the first time a slice reaches them. A slice
 * that starts past the hashed part (an upload continued from the server's offset) first hashes
 * the gap from disk. The last slice is read and hashed before it is sent, so the sha256 is
 * known in time to go with the last bytes (push-upload.ts sends it as Egress-Sha256, and the
 * server refuses other bytes). Re-sent slices (retries) are not hashed again.
 *
 * Example: a 20 MiB file, chunks of 8 MiB: slice 0–8 MiB and 8–16 MiB stream and hash as they
 * are sent; slice 16–20 MiB is read, hashed, and `sha256()` answers before it is sent.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { type Readable, Transform, pipeline } from 'node:stream';
import { openRegularFile } from './push-walk';

/** A slice body as tus-js-client's Node HTTP stack takes it: a Buffer or a stream, with its size. */
type SliceBody = (Buffer | Readable) & { size: number };

export interface HashingSource {
  size: number;
  slice(start: number, end: number): Promise<{ value: SliceBody; done: boolean }>;
  close(): void;
  /** The file's sha256 once every byte has been hashed, else undefined. */
  sha256(): string | undefined;
  /** Hashes whatever has not been hashed yet (read from disk) and answers the sha256. */
  finish(): Promise<string>;
}

const READ_BYTES = 4 * 1024 * 1024;

/**
 * Opens a regular file without following a symbolic link (throws ENOTREG for anything else,
 * see openRegularFile) and answers its hashing source; `close()` closes the file.
 */
export async function openHashingSource(localPath: string): Promise<HashingSource> {
  const handle: FileHandle = await openRegularFile(localPath);
  const size = await handle.stat().then(
    (stats) => stats.size,
    async (error: unknown) => {
      await handle.close();
      throw error;
    },
  );
  const hash = createHash('sha256');
  let hashed = 0;
  let digest: string | undefined;

  /** Hashes the part of `bytes` (which sit at `position` in the file) not hashed yet. */
  const hashAt = (position: number, bytes: Buffer) => {
    const end = position + bytes.length;
    if (position > hashed || end <= hashed) return;
    hash.update(bytes.subarray(hashed - position));
    hashed = end;
    if (hashed === size) digest = hash.digest('hex');
  };

  /** Reads `length` bytes at `position` (fewer only at the end of the file). */
  const readAt = async (position: number, length: number): Promise<Buffer> => {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  };

  const hashUpTo = async (end: number) => {
    while (hashed < end) {
      const bytes = await readAt(hashed, Math.min(READ_BYTES, end - hashed));
      if (bytes.length === 0) throw new Error(`${localPath} became shorter while it was being sent`);
      hashAt(hashed, bytes);
    }
  };

  return {
    size,
    async slice(start, end) {
      end = Math.min(end, size);
      await hashUpTo(start);
      const done = end >= size;
      if (done) {
        const bytes = await readAt(start, end - start);
        hashAt(start, bytes);
        return { value: Object.assign(bytes, { size: bytes.length }), done };
      }
      let position = start;
      const hasher = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hashAt(position, chunk);
          position += chunk.length;
          callback(null, chunk);
        },
      });
      const stream = pipeline(handle.createReadStream({ start, end: end - 1, autoClose: false }), hasher, () => undefined);
      return { value: Object.assign(stream, { size: end - start }), done };
    },
    close() {
      void handle.close().catch(() => undefined);
    },
    sha256: () => digest,
    async finish() {
      await hashUpTo(size);
      return digest ?? hash.copy().digest('hex');
    },
  };
}
