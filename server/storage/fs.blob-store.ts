/**
 * Blob store on a local folder (STORAGE_URL=file:PATH). Layout:
 *   ROOT/ab/<sha256>   the blob whose hash starts with "ab"
 *   ROOT/tmp/<random>  a put in progress
 * A put streams into a temp file (hashing as it goes), fsyncs it, checks the declared hash and
 * size, then hard-links it to its final name (link fails if the name exists, so concurrent puts
 * of the same content store it once) and removes the temp file. Any failure removes the temp
 * file; nothing is ever visible under a hash before all its bytes are on disk.
 *
 * putLocalFile adopts a file already on this machine whose hash the caller computed while writing
 * it (a finished upload's staged bytes): after the same checks it fsyncs the file and hard-links
 * it to its final name, so nothing is copied; the caller then removes its own name for the file.
 * On another file system (or one without hard links) it falls back to a put of the file's bytes.
 *
 * Whatever the umask, folders are created 0700 and blobs are 0600: readable by the server's user
 * only (an adopted file is narrowed to 0600 before it gets its blob name).
 *
 * ready() also removes temp files untouched for a day (left by a process that died mid-put).
 *
 * With a quota (STORAGE_QUOTA_BYTES > 0) the store counts its size (walked once in ready(),
 * then kept as a counter) and refuses with `storage.quota_exceeded` as soon as a put would go
 * past it; a full disk (ENOSPC, EDQUOT) is reported the same way.
 *
 * Example: `const store = createFsBlobStore({ root: '/data/blobs' }); await store.ready();`
 */
import { randomUUID } from 'node:crypto';
import { constants as fsConstants, createReadStream, createWriteStream } from 'node:fs';
import { access, chmod, link, mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineWithCallback } from 'node:stream';
import { DomainError } from '../domain/errors';
import type { BlobStore, ByteRange, PutOptions, StoredBlob } from '../ports/blob-store';
import { type HashResult, SHA256_HEX, assertRangeWithin, assertSha256Key, checkDeclared, checkWithoutStoring, createHashingCounter, createVerifyingReader, parsePutOptions } from './hashing';

/**
 * Blobs are read in 1 MiB pieces: sequential reads of 64 KiB (Node's default) leave a 1 GiB
 * bundle's encryption or download waiting on the thread pool (bench/encrypt.bench.ts).
 */
export const BLOB_READ_BYTES = 1024 * 1024;

/** Modes of what the store creates (mkdir/open modes are only narrowed by the umask, never widened). */
const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;

/** A blob store that can take a local file without copying it (the folder store). */
export interface LocalFileBlobStore extends BlobStore {
  /**
   * Stores the file at `path`, whose sha256 and size (`known`) the caller computed from exactly
   * these bytes. Checks `known` against `options` like put does (`file.too_large`,
   * `file.size_mismatch`, `file.hash_mismatch`) and the file's size against `known.bytes`; then
   * links the file to its final name (or copies it from another file system). The file at
   * `path` is left in place; the caller removes it.
   */
  putLocalFile(path: string, known: HashResult, options?: PutOptions): Promise<StoredBlob>;
}

/** Whether `store` can take a local file without copying it. */
export function canPutLocalFile(store: BlobStore): store is LocalFileBlobStore {
  return typeof (store as Partial<LocalFileBlobStore>).putLocalFile === 'function';
}

export interface FsBlobStoreOptions {
  /** The folder holding the blobs; created by ready() if missing. */
  root: string;
  /** Refuse puts that would take the store past this many bytes; 0 or absent means no quota. */
  quotaBytes?: number;
}

/** Where the blob with this hash lives (or would live) under `root`; tests use it to corrupt a blob. */
export function fsBlobPath(root: string, sha256: string): string {
  assertSha256Key(sha256);
  return join(root, sha256.slice(0, 2), sha256);
}

/** The folder holding puts in progress; empty when no put is running. */
export function fsTempDir(root: string): string {
  return join(root, 'tmp');
}

const SHARD = /^[0-9a-f]{2}$/;

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function quotaExceeded(quotaBytes: number): DomainError {
  return new DomainError('storage.quota_exceeded', `The blob store is full: it may hold at most ${quotaBytes} bytes`, { quotaBytes });
}

/** Sum of the sizes of every stored blob (temp files excluded). */
async function measureStore(root: string): Promise<number> {
  let total = 0;
  for (const shard of await readdir(root, { withFileTypes: true })) {
    if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
    for (const name of await readdir(join(root, shard.name))) {
      if (!SHA256_HEX.test(name)) continue;
      total += (await stat(join(root, shard.name, name))).size;
    }
  }
  return total;
}

/** A temp file untouched this long belongs to a put that died (a live put keeps writing to it). */
export const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/** Removes temp files left by crashed processes; other processes' live puts are recent, so they stay. */
async function removeStaleTemps(tempDir: string): Promise<void> {
  const cutoff = Date.now() - STALE_TEMP_MS;
  for (const name of await readdir(tempDir)) {
    const path = join(tempDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < cutoff) await unlink(path).catch(() => undefined);
  }
}

/** Counts stored and in-flight bytes so concurrent puts cannot jointly pass the quota. */
class QuotaLedger {
  used = 0;
  private reserved = 0;

  constructor(readonly quotaBytes: number) {}

  /** Claims `bytes` of the quota for a write in progress; throws `storage.quota_exceeded` when they do not fit. */
  reserve(bytes: number): void {
    if (this.used + this.reserved + bytes > this.quotaBytes) throw quotaExceeded(this.quotaBytes);
    this.reserved += bytes;
  }

  /** Gives back a claim made with reserve(). */
  release(bytes: number): void {
    this.reserved -= bytes;
  }

  /** A Transform that reserves each chunk before passing it on; `release()` gives back the reservation. */
  guard(): Transform & { release(): number } {
    let mine = 0;
    const guard = new Transform({
      transform: (chunk: Buffer, _encoding, callback: TransformCallback) => {
        try {
          this.reserve(chunk.length);
        } catch (error) {
          callback(error as Error);
          return;
        }
        mine += chunk.length;
        callback(null, chunk);
      },
    });
    return Object.assign(guard, {
      release: (): number => {
        this.release(mine);
        const released = mine;
        mine = 0;
        return released;
      },
    });
  }
}

async function syncFolder(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // Not every platform can fsync a folder; the blob itself is already synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Makes `temp` visible as `final` unless `final` exists; true when this call created it. With
 * `keepSource`, a file system without hard links gives an error rather than a rename.
 */
async function publish(temp: string, final: string, { keepSource = false } = {}): Promise<boolean> {
  try {
    await link(temp, final);
    return true;
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    if (keepSource || !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errnoOf(error) ?? '')) throw error;
  }
  // File systems without hard links: rename is still atomic, it merely cannot refuse to replace.
  if (
    await stat(final).then(
      () => true,
      () => false,
    )
  )
    return false;
  await rename(temp, final);
  return true;
}

/** Creates a blob store on a local folder; call ready() before use (put/open/stat also wait for it). */
export function createFsBlobStore(options: FsBlobStoreOptions): LocalFileBlobStore {
  const { root } = options;
  const tempDir = fsTempDir(root);
  const ledger = options.quotaBytes && options.quotaBytes > 0 ? new QuotaLedger(options.quotaBytes) : undefined;
  let preparing: Promise<void> | undefined;

  async function prepare(): Promise<void> {
    try {
      await mkdir(tempDir, { recursive: true, mode: PRIVATE_FOLDER });
      await access(root, fsConstants.R_OK | fsConstants.W_OK);
      await removeStaleTemps(tempDir);
      if (ledger) ledger.used = await measureStore(root);
    } catch (error) {
      throw new DomainError('storage.unavailable', `The blob folder ${root} is not usable: ${(error as Error).message}`);
    }
  }

  function ensureReady(): Promise<void> {
    preparing ??= prepare().catch((error: unknown) => {
      preparing = undefined;
      throw error;
    });
    return preparing;
  }

  async function put(content: Readable, rawOptions?: PutOptions): Promise<StoredBlob> {
    let putOptions: PutOptions;
    try {
      putOptions = parsePutOptions(rawOptions);
      await ensureReady();
    } catch (error) {
      content.destroy();
      throw error;
    }
    if (putOptions.expectedSha256 !== undefined && (await statBlob(putOptions.expectedSha256)) !== undefined) {
      const result = await checkWithoutStoring(content, putOptions);
      return { ...result, created: false };
    }
    const temp = join(tempDir, randomUUID());
    const counter = createHashingCounter(putOptions.maxBytes !== undefined ? { maxBytes: putOptions.maxBytes } : {});
    const guard = ledger?.guard();
    try {
      // flush: the file is fsynced before it closes, so a linked blob survives a crash.
      const file = createWriteStream(temp, { flags: 'wx', flush: true, mode: PRIVATE_FILE });
      await (guard ? pipeline(content, counter, guard, file) : pipeline(content, counter, file));
      const result = counter.result();
      checkDeclared(result, putOptions);
      const final = fsBlobPath(root, result.sha256);
      await mkdir(join(root, result.sha256.slice(0, 2)), { recursive: true, mode: PRIVATE_FOLDER });
      const created = await publish(temp, final);
      if (created) await syncFolder(join(root, result.sha256.slice(0, 2)));
      const reserved = guard?.release() ?? 0;
      if (ledger && created) ledger.used += reserved;
      return { sha256: result.sha256, bytes: result.bytes, created };
    } catch (error) {
      guard?.release();
      content.destroy();
      const code = errnoOf(error);
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        throw new DomainError('storage.quota_exceeded', `The blob folder ${root} is out of space`);
      }
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async function putLocalFile(path: string, known: HashResult, rawOptions?: PutOptions): Promise<StoredBlob> {
    const putOptions = parsePutOptions(rawOptions);
    assertSha256Key(known.sha256);
    await ensureReady();
    if (putOptions.maxBytes !== undefined && known.bytes > putOptions.maxBytes) {
      throw new DomainError('file.too_large', `The file is larger than the limit of ${putOptions.maxBytes} bytes`, { maxBytes: putOptions.maxBytes });
    }
    checkDeclared(known, putOptions);
    const final = fsBlobPath(root, known.sha256);
    if ((await statBlob(known.sha256)) !== undefined) return { ...known, created: false };
    // The bytes are claimed for the whole adoption, so concurrent puts cannot take the same room.
    ledger?.reserve(known.bytes);
    let created: boolean | undefined;
    try {
      const handle = await open(path, 'r');
      try {
        // The bytes the caller hashed must be the ones on disk, and durable before they get a name.
        if ((await handle.stat()).size !== known.bytes) throw new Error(`${path} no longer holds the ${known.bytes} bytes that were hashed`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(path, PRIVATE_FILE); // a hard link shares the mode: the blob must not be wider than 0600
      await mkdir(join(root, known.sha256.slice(0, 2)), { recursive: true, mode: PRIVATE_FOLDER });
      try {
        created = await publish(path, final, { keepSource: true });
      } catch (error) {
        // Another file system, or one without hard links: copy (and hash again) below instead.
        if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errnoOf(error) ?? '')) throw error;
      }
      if (created) await syncFolder(join(root, known.sha256.slice(0, 2)));
      if (ledger && created) ledger.used += known.bytes;
    } finally {
      ledger?.release(known.bytes);
    }
    if (created === undefined) return put(createReadStream(path), { ...putOptions, expectedSha256: known.sha256, expectedBytes: known.bytes });
    return { ...known, created };
  }

  async function openHandle(sha256: string): Promise<FileHandle> {
    assertSha256Key(sha256);
    await ensureReady();
    try {
      return await open(fsBlobPath(root, sha256), 'r');
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') throw new DomainError('storage.not_found', `The blob store holds no blob ${sha256}`, { sha256 });
      throw error;
    }
  }

  async function openRange(sha256: string, range: ByteRange): Promise<Readable> {
    const handle = await openHandle(sha256);
    try {
      assertRangeWithin(range, (await handle.stat()).size);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle.createReadStream({ start: range.start, end: range.end, highWaterMark: BLOB_READ_BYTES });
  }

  async function openBlob(sha256: string): Promise<Readable> {
    const handle = await openHandle(sha256);
    const { size } = await handle.stat();
    const verifier = createVerifyingReader({ sha256, bytes: size });
    // pipeline forwards errors both ways: a consumer that stops early also closes the file.
    return pipelineWithCallback(handle.createReadStream({ highWaterMark: BLOB_READ_BYTES }), verifier, () => undefined);
  }

  async function statBlob(sha256: string): Promise<number | undefined> {
    assertSha256Key(sha256);
    await ensureReady();
    try {
      return (await stat(fsBlobPath(root, sha256))).size;
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  return {
    description: `file:${root}`,
    put,
    putLocalFile,
    open: openBlob,
    openRange,
    stat: statBlob,
    ready: ensureReady,
  };
}
