/** Pseudo-random bytes for benchmarks: fast, incompressible, never held in memory as a whole. */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** `size` bytes in 1 MiB chunks of one random block, each chunk stamped with its number (every chunk differs). */
export function noise(size: number): Readable {
  const block = randomBytes(1024 * 1024);
  let left = size;
  let n = 0;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const chunk = Buffer.from(block.subarray(0, Math.min(left, block.length)));
      chunk.writeUInt32LE(n++, 0);
      left -= chunk.length;
      this.push(chunk);
    },
  });
}
