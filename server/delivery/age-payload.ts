/**
 * The payload of an age v1 file (https://age-encryption.org/v1): a 16-byte nonce, then the
 * plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305 under a key derived from the
 * file key and the nonce; a chunk's nonce is its 11-byte big-endian counter and a last-chunk flag.
 * One chunk is held back until the next arrives, so the last one is known; memory stays flat.
 *
 * Example: `source.pipe(new AgePayload(fileKey, header))` emits header ‖ nonce ‖ chunk₀ ‖ … ‖ chunkₙ (flagged last).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { hkdf } from './age-header';

export const AGE_CHUNK_BYTES = 64 * 1024;

export class AgePayload extends Transform {
  private readonly key: Buffer;
  private readonly nonce = Buffer.alloc(12);
  private counter = 0;
  /** Plaintext not yet sealed: at most one full chunk is ever held back. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** `header`: written first (the age header that wraps `fileKey`), then the payload nonce. */
  constructor(fileKey: Uint8Array, header: Uint8Array) {
    super();
    const streamNonce = randomBytes(16);
    this.key = hkdf(fileKey, streamNonce, 'payload');
    this.push(Buffer.concat([header, streamNonce]));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // Seal full chunks while more than one chunk's worth is held (the last one might be final),
    // and hand them on as one buffer: a few large writes downstream rather than many 64 KiB ones.
    const sealed: Buffer[] = [];
    while (this.pendingBytes > AGE_CHUNK_BYTES) this.sealChunk(this.takeHeld(AGE_CHUNK_BYTES), false, sealed);
    if (sealed.length > 0) this.push(Buffer.concat(sealed));
    done();
  }

  override _flush(done: TransformCallback): void {
    // The last chunk: possibly full, empty only when the whole plaintext is empty.
    const sealed: Buffer[] = [];
    this.sealChunk(Buffer.concat(this.pending, this.pendingBytes), true, sealed);
    this.push(Buffer.concat(sealed));
    done();
  }

  /** The first `bytes` bytes held back (no copy when they are one buffer already). */
  private takeHeld(bytes: number): Buffer {
    const first = this.pending[0] as Buffer;
    let out: Buffer;
    if (first.length >= bytes) {
      out = first.subarray(0, bytes);
      if (first.length === bytes) this.pending.shift();
      else this.pending[0] = first.subarray(bytes);
    } else {
      out = Buffer.allocUnsafe(bytes);
      let filled = 0;
      while (filled < bytes) {
        const head = this.pending[0] as Buffer;
        const used = Math.min(head.length, bytes - filled);
        head.copy(out, filled, 0, used);
        filled += used;
        if (used === head.length) this.pending.shift();
        else this.pending[0] = head.subarray(used);
      }
    }
    this.pendingBytes -= bytes;
    return out;
  }

  /** Appends the sealed chunk (ciphertext, then its tag) to `out`. */
  private sealChunk(plaintext: Buffer, last: boolean, out: Buffer[]): void {
    this.nonce.writeUIntBE(this.counter, 5, 6); // the counter's low 48 bits (bytes 0–4 stay zero below 2^48 chunks)
    this.nonce[11] = last ? 1 : 0;
    this.counter += 1;
    const cipher = createCipheriv('chacha20-poly1305', this.key, this.nonce, { authTagLength: 16 });
    out.push(cipher.update(plaintext));
    cipher.final();
    out.push(cipher.getAuthTag());
  }
}
