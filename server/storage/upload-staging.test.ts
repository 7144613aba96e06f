/**
 * The upload staging store hashes bytes as they arrive and falls back to reading the staged file
 * whenever its kept hash does not cover every byte (a restart, a failed write).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashingFileStore } from './upload-staging';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const content = Buffer.from(Array.from({ length: 5000 }, (_, i) => `${i},${(i * 7919) % 1000}\n`).join(''));
const half = Math.floor(content.length / 2);

describe('HashingFileStore', () => {
  let dir: string;
  const open = () => new HashingFileStore({ directory: dir });
  const create = async (store: HashingFileStore, id: string) => store.create(new Upload({ id, size: content.length, offset: 0 }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'egress-staging-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes the bytes of consecutive writes as they arrive, and answers that hash without reading the file', async () => {
    const store = open();
    await create(store, 'u1');
    expect(await store.write(Readable.from([content.subarray(0, half)]), 'u1', 0)).toBe(half);
    expect(await store.write(Readable.from([content.subarray(half)]), 'u1', half)).toBe(content.length);
    expect(store.hashCovers('u1', content.length)).toBe(true);
    // Changing the staged bytes behind its back shows the answer comes from the kept hash.
    writeFileSync(store.stagedPath('u1'), Buffer.alloc(content.length));
    expect(await store.digestStaged('u1', content.length)).toEqual({ sha256: sha256(content), bytes: content.length });
  });

  it('after a restart in the middle of an upload, hashes the staged file from the start instead', async () => {
    const before = open();
    await create(before, 'u2');
    await before.write(Readable.from([content.subarray(0, half)]), 'u2', 0);
    const after = open();
    expect(await after.write(Readable.from([content.subarray(half)]), 'u2', half)).toBe(content.length);
    expect(after.hashCovers('u2', content.length)).toBe(false);
    expect(await after.digestStaged('u2', content.length)).toEqual({ sha256: sha256(content), bytes: content.length });
  });

  it('drops the kept hash when a write fails half-way, and still answers the hash of what is staged', async () => {
    const store = open();
    await create(store, 'u3');
    const failing = new Readable({
      read() {
        this.push(content.subarray(0, 1000));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.write(failing, 'u3', 0)).rejects.toBeDefined();
    expect(store.hashCovers('u3', 1000)).toBe(false);
    const offset = (await store.getUpload('u3')).offset;
    await store.write(Readable.from([content.subarray(offset)]), 'u3', offset);
    expect(await store.digestStaged('u3', content.length)).toEqual({ sha256: sha256(content), bytes: content.length });
  });

  it('refuses an id that would leave the staging folder', async () => {
    const store = open();
    await create(store, 'u4');
    expect(() => store.stagedPath('../etc/passwd')).toThrow(/not an upload id/);
  });
});
