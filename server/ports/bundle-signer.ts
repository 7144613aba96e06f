/**
 * Signing release bundles (docs/bundles.md): an Ed25519 key used for bundles only, kept apart
 * from any other key. The private key lives in a file (server/bundles/key-file.ts); commands see
 * only a signer (fingerprint + sign) and the file's lifecycle through `BundleKeyStore`.
 */
import type { KeyFingerprint } from '../../common/bundle/format';

/** Signs manifest bytes with the current bundle key. Never exposes the private key. */
export interface BundleSigner {
  /** Lower-case hex SHA-256 of the raw 32-byte public key (common/bundle/format.ts). */
  readonly fingerprint: KeyFingerprint;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** The 64-byte Ed25519 signature over `bytes`. */
  sign(bytes: Uint8Array): Uint8Array;
}

/**
 * Where the private key lives. `managed`: the embedded default, where the server creates the key
 * under DATA_DIR itself and `egress keys rotate` replaces it; otherwise a configured path
 * (BUNDLE_SIGNING_KEY) that operators provide and replace.
 */
export interface BundleKeyStore {
  /** The key file's path, for messages (never the key). */
  readonly location: string;
  readonly managed: boolean;
  /**
   * Reads the key afresh (so a rotation takes effect without a restart); undefined when the file
   * does not exist. Throws `bundle_key.insecure` when group or others may read it and
   * `bundle_key.corrupt` when it is not an Ed25519 private key.
   */
  load(): Promise<BundleSigner | undefined>;
  /** Writes a new key (mode 0600), replacing any earlier file in one rename; managed stores only. */
  create(): Promise<BundleSigner>;
}
