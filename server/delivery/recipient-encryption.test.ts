import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptForRecipient } from './recipient-encryption';

// The real `age` tool the recipient uses (docs/delivery.md) decrypts what the server encrypted.
const root = mkdtempSync(join(tmpdir(), 'egress-age-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function keyPair(name: string): { identityFile: string; recipient: string } {
  const identityFile = join(root, `${name}.txt`);
  const made = spawnSync('age-keygen', ['-o', identityFile], { encoding: 'utf8' });
  expect(made.status).toBe(0);
  return { identityFile, recipient: /public key: (age1\S+)/.exec(readFileSync(identityFile, 'utf8'))?.[1] as string };
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('encryption for the recipient (age)', () => {
  const recipient = keyPair('recipient');
  const stranger = keyPair('stranger');
  // Several 64 KiB age chunks, not a multiple of the chunk size, arriving in uneven pieces.
  const plain = randomBytes(5 * 64 * 1024 + 123);
  const encryptedFile = join(root, 'bundle.zip.age');

  it('streams a bundle that `age -d` decrypts, with the recipient key, to the same sha256', async () => {
    const source = Readable.from([plain.subarray(0, 70_000), plain.subarray(70_000, 200_000), plain.subarray(200_000)]);
    await pipeline(encryptForRecipient(source, recipient.recipient), createWriteStream(encryptedFile));
    const encrypted = readFileSync(encryptedFile);
    expect(encrypted.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(encrypted.includes(plain.subarray(0, 64))).toBe(false);
    const decrypted = spawnSync('age', ['-d', '-i', recipient.identityFile, encryptedFile], { maxBuffer: 16 * 1024 * 1024 });
    expect(decrypted.status).toBe(0);
    expect(sha(decrypted.stdout)).toBe(sha(plain));
  });

  it('cannot be decrypted with another key', () => {
    const decrypted = spawnSync('age', ['-d', '-i', stranger.identityFile, encryptedFile], { encoding: 'utf8' });
    expect(decrypted.status).not.toBe(0);
    expect(decrypted.stderr).toMatch(/no identity matched/);
  });

  it('refuses a recipient key that does not parse before reading anything', () => {
    let read = false;
    const source = new Readable({ read: () => ((read = true), undefined) });
    expect(() => encryptForRecipient(source, 'age1notakey')).toThrow(expect.objectContaining({ code: 'destination.recipient_key_invalid' }));
    expect(read).toBe(false);
  });

  it('passes on a failing source as an error, not as a short ciphertext', async () => {
    const source = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(pipeline(encryptForRecipient(source, recipient.recipient), createWriteStream(join(root, 'broken.age')))).rejects.toThrow(/disk gone/);
  });

  // Chunk boundaries are where a hand-written age writer goes wrong: the last chunk may be full,
  // and is empty only when the whole plaintext is.
  it.each([0, 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 2 * 64 * 1024, 3 * 64 * 1024 + 7])('round-trips %i bytes through `age -d`', async (size) => {
    const bytes = randomBytes(size);
    const file = join(root, `edge-${size}.age`);
    await pipeline(encryptForRecipient(Readable.from(size === 0 ? [] : [bytes]), recipient.recipient), createWriteStream(file));
    const decrypted = spawnSync('age', ['-d', '-i', recipient.identityFile, file], { maxBuffer: 16 * 1024 * 1024 });
    expect(decrypted.stderr.toString()).toBe('');
    expect(decrypted.status).toBe(0);
    expect(sha(decrypted.stdout)).toBe(sha(bytes));
    // Header, 16-byte nonce, then each 64 KiB chunk (at least one) with its 16-byte tag.
    const chunks = Math.max(1, Math.ceil(size / (64 * 1024)));
    const headerBytes = readFileSync(file).indexOf('\n', readFileSync(file).indexOf('---')) + 1;
    expect(readFileSync(file).length).toBe(headerBytes + 16 + size + 16 * chunks);
  });

  it('is refused by `age -d` when one byte is altered or the last chunk is cut off', async () => {
    const bytes = randomBytes(3 * 64 * 1024);
    const file = join(root, 'tamper.age');
    await pipeline(encryptForRecipient(Readable.from([bytes]), recipient.recipient), createWriteStream(file));
    const good = readFileSync(file);
    const altered = Buffer.from(good);
    altered[altered.length - 100] = (altered[altered.length - 100] as number) ^ 1;
    const truncated = good.subarray(0, good.length - (64 * 1024 + 16));
    for (const [name, body] of [
      ['altered.age', altered],
      ['truncated.age', truncated],
    ] as const) {
      const path = join(root, name);
      await pipeline(Readable.from([body]), createWriteStream(path));
      const result = spawnSync('age', ['-d', '-i', recipient.identityFile, path], { maxBuffer: 16 * 1024 * 1024 });
      expect(result.status, name).not.toBe(0);
    }
  });
});
