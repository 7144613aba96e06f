/**
 * The public keys a bundle is verified against, read from what a person has at hand: an SPKI PEM
 * file (`openssl pkey -pubout`), the raw 32-byte key in base64, or the JSON `GET /api/v1/keys`
 * returns (`{ keys: [{ fingerprint, publicKey, … }] }`). Each key's fingerprint is computed here
 * (lower-case hex SHA-256 of the raw key, common/bundle/format.ts), never trusted from the file.
 * Isomorphic: no Node built-ins.
 */
import { sha256Hex } from './hashing';

export interface BundlePublicKey {
  fingerprint: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

/** A key file that cannot be used; its message says why in plain words. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const RAW_KEY_LENGTH = 32;
/** DER of SubjectPublicKeyInfo { AlgorithmIdentifier { 1.3.101.112 (Ed25519) }, BIT STRING (32 bytes) }. */
const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The fingerprint of a raw Ed25519 public key. */
export function keyFingerprint(publicKey: Uint8Array): string {
  return sha256Hex(publicKey);
}

function fromBase64(text: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) throw new KeyFileError(`${what} is not valid base64.`);
  return Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
}

/** The raw key from 32 raw bytes or a 44-byte Ed25519 SPKI DER. */
function rawKey(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length === RAW_KEY_LENGTH) return bytes;
  const prefix = bytes.subarray(0, ED25519_SPKI_PREFIX.length);
  if (bytes.length === ED25519_SPKI_PREFIX.length + RAW_KEY_LENGTH && prefix.every((b, i) => b === ED25519_SPKI_PREFIX[i])) return bytes.slice(ED25519_SPKI_PREFIX.length);
  throw new KeyFileError(`${what} is not an Ed25519 public key (expected 32 raw bytes or an Ed25519 SubjectPublicKeyInfo).`);
}

function withFingerprint(publicKey: Uint8Array): BundlePublicKey {
  return { fingerprint: keyFingerprint(publicKey), publicKey };
}

function fromPem(text: string): BundlePublicKey {
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(text);
  if (!match) throw new KeyFileError('The PEM file holds no “BEGIN PUBLIC KEY” block (a private key is never needed to verify).');
  return withFingerprint(rawKey(fromBase64(match[1] ?? '', 'The PEM block'), 'The PEM block'));
}

/** The keys of a `GET /api/v1/keys` answer (or one key object of it); a listed fingerprint must match its key. */
export function keysFromJson(value: unknown): BundlePublicKey[] {
  const list: unknown[] = Array.isArray((value as { keys?: unknown })?.keys) ? (value as { keys: unknown[] }).keys : [value];
  if (list.length === 0) throw new KeyFileError('The key list is empty.');
  return list.map((item, i) => {
    const what = `Key ${i + 1} of the list`;
    const entry = item as { publicKey?: unknown; publicKeyPem?: unknown; fingerprint?: unknown; algorithm?: unknown };
    if (entry === null || typeof entry !== 'object') throw new KeyFileError(`${what} is not an object.`);
    if (entry.algorithm !== undefined && entry.algorithm !== 'Ed25519') throw new KeyFileError(`${what} is not an Ed25519 key.`);
    const key = typeof entry.publicKey === 'string' ? withFingerprint(rawKey(fromBase64(entry.publicKey, what), what)) : typeof entry.publicKeyPem === 'string' ? fromPem(entry.publicKeyPem) : null;
    if (!key) throw new KeyFileError(`${what} has no publicKey.`);
    if (entry.fingerprint !== undefined && entry.fingerprint !== key.fingerprint)
      throw new KeyFileError(`${what} lists fingerprint ${String(entry.fingerprint)}, but its key’s fingerprint is ${key.fingerprint}.`);
    return key;
  });
}

/**
 * The keys in a key file's text: SPKI PEM, raw base64, or the JSON of `GET /api/v1/keys`.
 * @throws KeyFileError when the text is none of these or holds no Ed25519 public key.
 */
export function parsePublicKeys(text: string): BundlePublicKey[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new KeyFileError('The key file looks like JSON but does not parse.');
    }
    return keysFromJson(Array.isArray(value) ? { keys: value } : value);
  }
  if (trimmed.startsWith('-----BEGIN')) return [fromPem(trimmed)];
  if (trimmed === '') throw new KeyFileError('The key file is empty.');
  return [withFingerprint(rawKey(fromBase64(trimmed, 'The key'), 'The key'))];
}
