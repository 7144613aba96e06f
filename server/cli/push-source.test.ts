/**
 * The push file source hashes the file in file order, each byte once, whatever order tus asks
 * for slices in: streamed slices, a slice sent again (retry), a gap (an upload continued from the
 * server's offset), and the last slice hashed before it is sent.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openHashingSource } from './push-source';

const dir = mkdtempSync(join(tmpdir(), 'egress-push-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const content = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `${i};`).join(''));
const file = join(dir, 'data.csv');
writeFileSync(file, content);
const sha256 = createHash('sha256').update(content).digest('hex');

async function bytesOf(value: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(value)) return value;
  const chunks: Buffer[] = [];
  for await (const chunk of value) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('openHashingSource', () => {
  it('knows the sha256 once the last slice is read, before it is sent, and the slices hold the file', async () => {
    const source = await openHashingSource(file);
    const chunk = 65_536;
    const parts: Buffer[] = [];
    for (let start = 0; start < source.size; start += chunk) {
      const { value, done } = await source.slice(start, start + chunk);
      expect(source.sha256()).toBe(done ? sha256 : undefined);
      parts.push(await bytesOf(value));
    }
    expect(Buffer.concat(parts)).toEqual(content);
    source.close();
  });

  it('hashes each byte once when a slice is sent again, and hashes a skipped start from disk', async () => {
    const retried = await openHashingSource(file);
    await bytesOf((await retried.slice(0, 50_000)).value);
    await bytesOf((await retried.slice(20_000, 90_000)).value);
    await bytesOf((await retried.slice(90_000, retried.size)).value);
    expect(retried.sha256()).toBe(sha256);
    retried.close();

    const continued = await openHashingSource(file);
    await continued.slice(100_000, continued.size);
    expect(continued.sha256()).toBe(sha256);
    expect(await continued.finish()).toBe(sha256);
    continued.close();
  });

  it('refuses a symbolic link', async () => {
    symlinkSync(file, join(dir, 'link.csv'));
    await expect(openHashingSource(join(dir, 'link.csv'))).rejects.toMatchObject({ code: 'ELOOP' });
  });
});
