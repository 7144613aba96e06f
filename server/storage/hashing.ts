/**
 * The one-pass hashing every blob store backend shares (server/ports/blob-store.ts):
 * - `createHashingCounter` is a pass-through Transform that computes sha256 and counts bytes as
 *   they stream by, failing with `file.too_large` the moment `maxBytes` is passed; given the
 *   caller's expectations it can also fail at the very end (`file.size_mismatch`,
 *   `file.hash_mismatch`), so a store that streams straight to the final name aborts before
 *   committing anything.
 * - `checkDeclared` compares a finished hash with what the caller declared.
 * - `checkWithoutStoring` reads content only to check it, for a put whose declared hash the
 *   store already holds (dedup without writing the bytes again).
 * - `createVerifyingReader` re-verifies a stored blob while it is read (`storage.integrity`).
 *
 * Example (fs): `pipeline(content, counter, file)` then `checkDeclared(counter.result(), options)`.
 */
import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { PutOptions } from '../ports/blob-store';

/** A sha256 as stores use it for keys: 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

const putOptionsSchema = z.strictObject({
  expectedSha256: z.string().regex(SHA256_HEX, 'must be 64 lowercase hex digits').optional(),
  expectedBytes: z.number().int().min(0).optional(),
  maxBytes: z.number().int().min(0).optional(),
});

/** Validates `put` options; throws `validation.invalid_input` naming every problem. */
export function parsePutOptions(options: PutOptions | undefined): PutOptions {
  const parsed = putOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    throw new DomainError('validation.invalid_input', `Invalid blob store options: ${problems.join('; ')}`, { problems });
  }
  return parsed.data as PutOptions;
}

/** Refuses a key that is not a sha256 (also keeps keys out of path and URL tricks). */
export function assertSha256Key(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) {
    throw new DomainError('validation.invalid_input', 'A blob key must be a sha256: 64 lowercase hex digits');
  }
}

/** Refuses a range that is not inside a blob of `size` bytes (`validation.invalid_input`). */
export function assertRangeWithin(range: { start: number; end: number }, size: number): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end >= size) {
    throw new DomainError('validation.invalid_input', `The byte range ${start}-${end} is not inside a blob of ${size} bytes`);
  }
}

/**
 * Exactly `bytes` bytes of `source`: stops reading (and closes the source) once they have passed,
 * and fails with `storage.integrity` if the source ends short. For ranged reads from servers that
 * may send more than asked (s3rver answers `bytes=0-0` with the whole object).
 */
export function takeExactly(source: Readable, bytes: number): Readable {
  async function* take(): AsyncGenerator<Buffer> {
    let left = bytes;
    if (left > 0) {
      for await (const chunk of source) {
        const part = (chunk as Buffer).length > left ? (chunk as Buffer).subarray(0, left) : (chunk as Buffer);
        left -= part.length;
        yield part;
        if (left === 0) break;
      }
    } else source.destroy();
    if (left > 0) throw new DomainError('storage.integrity', `The blob store sent ${bytes - left} of the ${bytes} bytes asked for`);
  }
  return Readable.from(take(), { objectMode: false });
}

export interface HashResult {
  sha256: string;
  bytes: number;
}

export interface HashingCounterOptions {
  maxBytes?: number;
  /** When given, the stream fails at its end unless exactly this many bytes passed. */
  expectedBytes?: number;
  /** When given, the stream fails at its end unless the bytes hash to this. */
  expectedSha256?: string;
}

/** A pass-through Transform that hashes and counts in one pass; `result()` is ready after it ends. */
export class HashingCounter extends Transform {
  private readonly hash = createHash('sha256');
  private count = 0;
  private finished: HashResult | undefined;

  constructor(private readonly options: HashingCounterOptions = {}) {
    super();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.count;
  }

  /** The sha256 and size of everything that passed; throws if the stream has not ended. */
  result(): HashResult {
    if (!this.finished) throw new Error('HashingCounter.result() called before the stream ended');
    return this.finished;
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.count += buffer.length;
    const { maxBytes } = this.options;
    if (maxBytes !== undefined && this.count > maxBytes) {
      callback(new DomainError('file.too_large', `The file is larger than the limit of ${maxBytes} bytes`, { maxBytes }));
      return;
    }
    this.hash.update(buffer);
    callback(null, buffer);
  }

  override _flush(callback: TransformCallback): void {
    this.finished = { sha256: this.hash.digest('hex'), bytes: this.count };
    try {
      checkDeclared(this.finished, this.options);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

/** Creates a hashing, counting pass-through; see HashingCounter. */
export function createHashingCounter(options: HashingCounterOptions = {}): HashingCounter {
  return new HashingCounter(options);
}

/**
 * Checks a finished hash against what the caller declared.
 * Throws `file.size_mismatch` (checked first: the clearer message) or `file.hash_mismatch`.
 */
export function checkDeclared(result: HashResult, declared: Pick<PutOptions, 'expectedBytes' | 'expectedSha256'>): void {
  if (declared.expectedBytes !== undefined && result.bytes !== declared.expectedBytes) {
    throw new DomainError('file.size_mismatch', `Expected ${declared.expectedBytes} bytes but received ${result.bytes}`, {
      expectedBytes: declared.expectedBytes,
      receivedBytes: result.bytes,
    });
  }
  if (declared.expectedSha256 !== undefined && result.sha256 !== declared.expectedSha256) {
    throw new DomainError('file.hash_mismatch', 'The content does not match its declared sha256', {
      expectedSha256: declared.expectedSha256,
      receivedSha256: result.sha256,
    });
  }
}

/**
 * Reads `content` to the end only to hash and check it against `options` (maxBytes, expected
 * size and hash), discarding the bytes. Throws like a put would.
 */
export async function checkWithoutStoring(content: Readable, options: PutOptions): Promise<HashResult> {
  const counter = createHashingCounter(options);
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  await pipeline(content, counter, discard);
  return counter.result();
}

/**
 * A pass-through for reading a stored blob: at the end it errors the stream with
 * `storage.integrity` when the bytes do not hash to `sha256` (or their count differs from
 * `bytes`, when the store knows the size).
 */
export function createVerifyingReader(expected: { sha256: string; bytes?: number }): Transform {
  const hash = createHash('sha256');
  let count = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      count += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      if (actual !== expected.sha256 || (expected.bytes !== undefined && count !== expected.bytes)) {
        callback(
          new DomainError('storage.integrity', `Stored blob ${expected.sha256} is corrupt: its bytes no longer match its hash`, {
            sha256: expected.sha256,
          }),
        );
        return;
      }
      callback();
    },
  });
}

/**
 * The one `put` of the object stores: validates the options (discarding the source when they are
 * bad) and takes the direct path when the caller declared the hash, the temp-then-copy path otherwise.
 */
export async function putByDeclaration<T>(
  content: Readable,
  rawOptions: PutOptions | undefined,
  declared: (content: Readable, options: PutOptions & { expectedSha256: string }) => Promise<T>,
  undeclared: (content: Readable, options: PutOptions) => Promise<T>,
): Promise<T> {
  let options: PutOptions;
  try {
    options = parsePutOptions(rawOptions);
  } catch (error) {
    content.destroy();
    throw error;
  }
  const { expectedSha256 } = options;
  return expectedSha256 !== undefined ? declared(content, { ...options, expectedSha256 }) : undeclared(content, options);
}
