/**
 * An Ed25519 bundle signer over a node:crypto private key: the fingerprint is the lower-case hex
 * SHA-256 of the raw 32-byte public key (common/bundle/format.ts).
 */
import { type KeyObject, createHash, createPublicKey, sign } from 'node:crypto';
import type { BundleSigner } from '../ports/bundle-signer';

/** The raw 32-byte public key of an Ed25519 key (private or public). */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
}

/** The key fingerprint of a raw public key. */
export function fingerprintOf(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex');
}

/** A signer for an Ed25519 private key. */
export function ed25519Signer(privateKey: KeyObject): BundleSigner {
  const publicKey = rawPublicKey(privateKey);
  return {
    fingerprint: fingerprintOf(publicKey),
    publicKey,
    sign: (bytes) => new Uint8Array(sign(null, bytes, privateKey)),
  };
}
