/**
 * The header of an age v1 file with one X25519 recipient (https://age-encryption.org/v1), written
 * with node:crypto: a fresh 16-byte file key is wrapped for the recipient's public key through an
 * ephemeral X25519 share, and the header is authenticated with an HMAC keyed from the file key.
 *
 * Example: `ageHeader(publicKey)` → `{ header: <Buffer "age-encryption.org/v1\n-> X25519 …\n…\n--- …\n">, fileKey }`.
 */
import { createCipheriv, createHmac, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';

const VERSION_LINE = 'age-encryption.org/v1';
const X25519_LABEL = 'age-encryption.org/v1/X25519';

/** Base64 without padding, as age writes stanza bodies and the MAC. */
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
const fromB64url = (text: string): Buffer => Buffer.from(text, 'base64url');

export const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string): Buffer => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));

/** ChaCha20-Poly1305 with a 12-byte nonce: ciphertext followed by the 16-byte tag. */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  const body = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([body, cipher.getAuthTag()]);
}

/** The X25519 shared secret of an ephemeral key pair and the recipient, with the ephemeral share. */
function agree(recipient: Uint8Array): { share: Buffer; secret: Buffer } {
  const ephemeral = generateKeyPairSync('x25519');
  const share = fromB64url(ephemeral.publicKey.export({ format: 'jwk' }).x as string);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(recipient).toString('base64url') }, format: 'jwk' });
  const secret = diffieHellman({ privateKey: ephemeral.privateKey, publicKey });
  if (secret.every((byte) => byte === 0)) throw new Error('X25519 produced an all-zero shared secret (a low-order recipient key)');
  return { share, secret };
}

/** A header for one X25519 recipient (`recipient`: the 32-byte public key) and the file key it wraps. */
export function ageHeader(recipient: Uint8Array): { header: Buffer; fileKey: Buffer } {
  const fileKey = randomBytes(16);
  const { share, secret } = agree(recipient);
  const wrapKey = hkdf(secret, Buffer.concat([share, recipient]), X25519_LABEL);
  const body = seal(wrapKey, Buffer.alloc(12), fileKey);
  // A 32-byte body is 43 base64 characters: one line, shorter than the 64-column wrap.
  const upToMac = `${VERSION_LINE}\n-> X25519 ${b64(share)}\n${b64(body)}\n---`;
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header'))
    .update(upToMac)
    .digest();
  return { header: Buffer.from(`${upToMac} ${b64(mac)}\n`), fileKey };
}
