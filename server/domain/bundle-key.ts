/**
 * Presenting an Ed25519 public key (docs/bundles.md, "Keys"): the raw 32 bytes as base64 and as
 * an SPKI PEM (`-----BEGIN PUBLIC KEY-----`), which `openssl pkey -pubin` and node:crypto read.
 * The SPKI form of an Ed25519 key is a fixed 12-byte header (RFC 8410) followed by the raw key.
 */
const ED25519_SPKI_HEADER = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

/** The SPKI PEM of a raw 32-byte Ed25519 public key. */
export function ed25519PublicKeyPem(raw: Uint8Array): string {
  if (raw.length !== 32) throw new Error(`An Ed25519 public key has 32 bytes, not ${raw.length}`);
  const der = Buffer.concat([ED25519_SPKI_HEADER, raw]).toString('base64');
  const lines = der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
