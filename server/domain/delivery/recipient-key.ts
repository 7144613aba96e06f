/**
 * A recipient's public key for encryption at delivery (docs/decisions/0008-recipient-encryption.md):
 * an age X25519 recipient, `age1` + Bech32 of the 32-byte public key. Parsing checks the Bech32
 * checksum and the key length, so a mistyped key is refused when the destination is registered,
 * not when a release is already under way.
 *
 * The fingerprint is what people compare out of band with the recipient and what the content
 * digest records: `SHA256:` + lower-case hex of SHA-256 over the 32 key bytes.
 *
 * Example: `parseRecipientKey('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p')`
 * → `{ key: 'age1ql3z…', fingerprint: 'SHA256:…' }`; `parseRecipientKey('age1abc')` throws
 * `destination.recipient_key_invalid`.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../errors';

export interface RecipientKey {
  /** The key as age writes it (lower case). */
  key: string;
  fingerprint: string;
  /** The 32 bytes of the X25519 public key. */
  publicKey: Uint8Array;
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i += 1) if ((top >>> i) & 1) chk ^= GENERATOR[i] as number;
  }
  return chk;
}

const expandPrefix = (prefix: string): number[] => [...[...prefix].map((c) => c.charCodeAt(0) >>> 5), 0, ...[...prefix].map((c) => c.charCodeAt(0) & 31)];

/** Bech32 (BIP 173, no length limit, as age uses it) → prefix and 8-bit data, or null when malformed. */
function decodeBech32(text: string): { prefix: string; bytes: Uint8Array } | null {
  const separator = text.lastIndexOf('1');
  if (separator < 1 || separator + 7 > text.length) return null;
  const prefix = text.slice(0, separator);
  const words: number[] = [];
  for (const c of text.slice(separator + 1)) {
    const value = CHARSET.indexOf(c);
    if (value < 0) return null;
    words.push(value);
  }
  if (polymod([...expandPrefix(prefix), ...words]) !== 1) return null;
  let accumulator = 0;
  let bits = 0;
  const bytes: number[] = [];
  for (const word of words.slice(0, -6)) {
    accumulator = (accumulator << 5) | word;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((accumulator >>> bits) & 0xff);
    }
  }
  if (bits >= 5 || (accumulator & ((1 << bits) - 1)) !== 0) return null;
  return { prefix, bytes: Uint8Array.from(bytes) };
}

/**
 * Parses a recipient public key (surrounding white space and `#` comment lines, as in an age
 * recipients file, are ignored) and computes its fingerprint.
 * @throws DomainError `destination.recipient_key_invalid` when it is not one age X25519 recipient.
 */
export function parseRecipientKey(text: string): RecipientKey {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const refuse = (why: string) => new DomainError('destination.recipient_key_invalid', `The recipient key is not usable: ${why}. Give one age public key, as \`age-keygen\` prints it (age1…).`);
  if (lines.length !== 1) throw refuse(lines.length === 0 ? 'it is empty' : 'it holds more than one key');
  const key = (lines[0] as string).toLowerCase();
  if (key !== lines[0] && key.toUpperCase() !== lines[0]) throw refuse('it mixes upper and lower case');
  if (!key.startsWith('age1')) throw refuse('it does not start with age1');
  const decoded = decodeBech32(key);
  if (!decoded) throw refuse('its checksum or characters are wrong (mistyped or truncated?)');
  if (decoded.prefix !== 'age' || decoded.bytes.length !== 32) throw refuse('it is not an X25519 age recipient');
  return { key, fingerprint: recipientKeyFingerprint(decoded.bytes), publicKey: decoded.bytes };
}

function recipientKeyFingerprint(publicKey: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(publicKey).digest('hex')}`;
}
