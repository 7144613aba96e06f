/**
 * Sealing a release bundle (server/bundles/seal-bundle.ts, docs/bundles.md): what the release
 * job calls once it has the manifest (commands/bundle-manifest.queries.ts `buildManifest`) and
 * the signer (commands/bundle-keys.commands.ts `currentBundleSigner`). Wired in entrypoints.
 */
import type { Writable } from 'node:stream';
import type { BundleManifest } from '../../common/bundle/format';
import type { BundleSigner } from './bundle-signer';

export interface SealedBundle {
  /** Lower-case hex SHA-256 of the whole bundle. */
  sha256: string;
  bytes: number;
  /** The key that signed the manifest. */
  keyFingerprint: string;
  /** Lower-case hex SHA-256 of the `manifest.json` bytes (the canonical manifest that was signed). */
  manifestSha256: string;
}

export interface BundleSealer {
  /**
   * Streams the bundle into the blob store (its key is its sha256). Rejects with
   * `bundle.content_mismatch` when a stored file differs from the manifest; nothing is stored then.
   */
  sealToStore(manifest: BundleManifest, signer: BundleSigner): Promise<SealedBundle>;
  /** Streams the bundle into `output` (ended when done); on failure `output` is destroyed and must be discarded. */
  sealTo(manifest: BundleManifest, signer: BundleSigner, output: Writable): Promise<SealedBundle>;
}
