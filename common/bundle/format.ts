/**
 * Bundle format 1: what a released bundle is, shared by the server that seals it, `egress verify`
 * and the browser's "verify a bundle" page (docs/bundles.md). Isomorphic: no Node built-ins.
 *
 * A bundle is a zip (every entry stored, method 0; zip64 where a size or offset needs it; UTF-8
 * names) holding, in this order and nothing else:
 *   1. `manifest.json`: the UTF-8 bytes of the RFC 8785 (JCS) serialisation of a `BundleManifest`;
 *   2. `manifest.sig`: the JCS serialisation of a `BundleSignature` over the exact bytes of 1;
 *   3. `files/<path>` for every entry of `manifest.files`, in the manifest's order (paths sorted by
 *      UTF-16 code units).
 */
import type { DestinationKind, SignOffRole } from '../vocab/destinations';

export const BUNDLE_FORMAT = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const SIGNATURE_ENTRY = 'manifest.sig';
export const FILES_PREFIX = 'files/';
export const SIGNATURE_ALGORITHM = 'Ed25519';

/**
 * A public key's fingerprint: lower-case hex SHA-256 of the raw 32-byte Ed25519 public key
 * (the same bytes `GET /api/v1/keys` gives in base64).
 */
export type KeyFingerprint = string;

export interface BundleSignature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  keyFingerprint: KeyFingerprint;
  /** Base64 of the 64-byte Ed25519 signature over the bytes of `manifest.json`. */
  signature: string;
}

export interface ManifestPerson {
  id: string;
  name: string;
}

export interface ManifestFileVersion {
  version: number;
  sha256: string;
  size: number;
  addedAt: string;
  addedBy: ManifestPerson | null;
  /** How the version arrived: an upload, a copy from the output area, or a redaction of an earlier version. */
  origin: 'upload' | 'output_area' | 'redaction';
  /** For a redaction: the version it was made from and what was done (issue 13 fills it). */
  redaction: { fromVersion: number; fromSha256: string; operation: string; parameters: unknown; reason: string } | null;
}

export interface ManifestFile {
  /** Path inside the package; the entry in the zip is `files/<path>`. */
  path: string;
  size: number;
  sha256: string;
  category: 'output';
  /** The released version's number and every earlier version of the same path, oldest first. */
  version: number;
  history: ManifestFileVersion[];
}

export interface ManifestOpinion {
  role: string;
  person: ManifestPerson;
  tier: number;
  /** The answer path: each question's id, version and the answer given, in order. */
  path: unknown[];
  submittedAt: string;
}

export interface ManifestSignOff {
  person: ManifestPerson;
  role: SignOffRole;
  signedAt: string;
  /** The content digest the sign-off was bound to; verify checks it equals `contentDigest.value`. */
  contentDigest: string;
}

/** The inputs of the content digest (server/domain/review/content-digest.ts), besides `files`. */
export interface ManifestDigestInputs {
  context: unknown;
  removed: { path: string; version: number; reason: string; outcome: string | null }[];
  tier: { tier: number | null; policyVersion: number | null };
  destination: { kind: DestinationKind | null; registeredDestination: string | null; deliveryMethod: string | null; recipientKeyFingerprint: string | null };
}

export interface BundleManifest {
  bundleFormat: typeof BUNDLE_FORMAT;
  release: { id: string; releasedAt: string; releasedBy: ManifestPerson; toolVersion: string };
  project: { id: string; name: string };
  workPackage: { id: string; name: string };
  package: { id: string; kind: string; title: string };
  files: ManifestFile[];
  classification: { tier: number; policyVersion: number; classifiedAt: string; opinions: ManifestOpinion[] };
  /** Reviews, overrides and acknowledgements of findings, as recorded (no file content, no finding values). */
  reviews: unknown[];
  findingResponses: unknown[];
  signOffs: ManifestSignOff[];
  /** `value` = contentDigest({ files: files.map(path, sha256), ...digestInputs }); verify recomputes it. */
  contentDigest: { version: number; value: string; inputs: ManifestDigestInputs };
  /** Counts by rule and severity, the presets and parameters in force, and the checks' version. */
  findingsSummary: unknown;
  /** The temporarily-removed register: names and reasons, never content. */
  removed: { path: string; version: number; reason: string; outcome: string | null }[];
  destination: { kind: DestinationKind; id: string | null; name: string | null; method: 'link' | 'container_push' | 'folder_export'; recipientKeyFingerprint: string | null };
}
