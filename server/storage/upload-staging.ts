/**
 * Where resumable (tus) uploads are staged until complete: @tus/file-store's FileStore (one file
 * per upload plus its `.json` info), extended to hash the bytes while they arrive, so that
 * finishing a large upload does not read it all again.
 *
 * Per upload the store keeps, in memory, an incremental sha256 and the offset it covers. A write
 * continues it only when it starts exactly at that offset and succeeds; a write that fails, or
 * starts elsewhere (e.g. the first write after a restart of the server, which forgot every hash),
 * drops it. `digestStaged` then answers the kept hash when it covers the whole upload and
 * otherwise hashes the staged file from disk: the answer is always the hash of the staged bytes.
 *
 * Example: PATCH 0–8 MiB, PATCH 8–16 MiB, then `digestStaged(id, 16 MiB)` answers at once;
 * after a restart between the two PATCHes it reads the 16 MiB file once.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline as pipelineWithCallback } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { type HashResult, checkWithoutStoring } from './hashing';

interface RunningHash {
  hash: Hash;
  /** Bytes 0…offset of the staged file have been hashed. */
  offset: number;
}

/** A tus FileStore that hashes what it stages; see the module comment. */
export class HashingFileStore extends FileStore {
  private readonly running = new Map<string, RunningHash>();

  /** Where the staged bytes of upload `id` are. */
  stagedPath(id: string): string {
    const folder = resolve(this.directory);
    const path = join(folder, id);
    if (dirname(path) !== folder) throw new Error(`not an upload id: ${JSON.stringify(id)}`);
    return path;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const previous = this.running.get(id);
    // Taken out while the write runs: a write that fails leaves no hash behind.
    this.running.delete(id);
    const running = offset === 0 ? { hash: createHash('sha256'), offset: 0 } : previous?.offset === offset ? previous : undefined;
    if (!running) return super.write(readable, id, offset);
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        running.hash.update(chunk);
        running.offset += chunk.length;
        callback(null, chunk);
      },
    });
    const end = await super.write(
      pipelineWithCallback(readable, hasher, () => undefined),
      id,
      offset,
    );
    if (end === running.offset) this.running.set(id, running);
    return end;
  }

  override async remove(id: string): Promise<void> {
    this.running.delete(id);
    await super.remove(id);
  }

  /**
   * The sha256 and size of the `bytes` staged for upload `id`: the hash kept while they arrived
   * when it covers them all, otherwise read from the staged file. Forgets the kept hash.
   */
  async digestStaged(id: string, bytes: number): Promise<HashResult> {
    const running = this.running.get(id);
    this.running.delete(id);
    if (running?.offset === bytes) return { sha256: running.hash.digest('hex'), bytes };
    return checkWithoutStoring(createReadStream(this.stagedPath(id)), {});
  }

  /** Whether a hash kept while receiving covers upload `id` up to `offset` (for tests and logs). */
  hashCovers(id: string, offset: number): boolean {
    return this.running.get(id)?.offset === offset;
  }
}
