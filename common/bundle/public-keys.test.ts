import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestKey } from './bundle-writer.testing';
import { KeyFileError, keyFingerprint, parsePublicKeys } from './public-keys';

const key = createTestKey();
const base64 = Buffer.from(key.raw).toString('base64');
const keysResponse = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    keys: [{ fingerprint: key.fingerprint, algorithm: 'Ed25519', publicKey: base64, publicKeyPem: key.pem, createdAt: '2025-01-01T00:00:00Z', retiredAt: null, current: true, ...overrides }],
  });

describe('parsePublicKeys', () => {
  it('reads an SPKI PEM, a raw base64 key and the JSON of GET /api/v1/keys to the same key and fingerprint', () => {
    for (const text of [key.pem, `${base64}\n`, keysResponse(), keysResponse({ publicKey: undefined })]) {
      const [parsed] = parsePublicKeys(text);
      expect(parsed?.fingerprint).toBe(key.fingerprint);
      expect(Buffer.from(parsed!.publicKey).equals(Buffer.from(key.raw))).toBe(true);
    }
    expect(keyFingerprint(key.raw)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads every key of a list with a rotated key', () => {
    const other = createTestKey();
    const text = JSON.stringify({ keys: [{ publicKey: base64 }, { publicKey: Buffer.from(other.raw).toString('base64'), retiredAt: '2025-01-01T00:00:00Z' }] });
    expect(parsePublicKeys(text).map((k) => k.fingerprint)).toEqual([key.fingerprint, other.fingerprint]);
  });

  it.each([
    ['an empty file', '', 'empty'],
    ['a private key', generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'BEGIN PUBLIC KEY'],
    ['an RSA public key', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString(), 'not an Ed25519 public key'],
    ['base64 of the wrong length', Buffer.alloc(31).toString('base64'), 'not an Ed25519 public key'],
    ['text that is not base64', 'hello world!', 'not valid base64'],
    ['broken JSON', '{"keys": [', 'does not parse'],
    ['an empty key list', '{"keys": []}', 'empty'],
    ['a listed fingerprint that is not the key’s', keysResponse({ fingerprint: 'a'.repeat(64) }), 'but its key’s fingerprint is'],
    ['another algorithm', keysResponse({ algorithm: 'RSA' }), 'not an Ed25519 key'],
  ])('refuses %s in plain words', (_, text, words) => {
    expect(() => parsePublicKeys(text)).toThrow(KeyFileError);
    expect(() => parsePublicKeys(text)).toThrow(words);
  });
});
