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
});
