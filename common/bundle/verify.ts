/**
 * The bundle verifier shared by `egress verify` and the browser's "verify a bundle" page: one
 * function from a random-access source and the trusted public keys to either a summary or the
 * FIRST problem found, checked in this order (docs/verify.md):
 *
 *   1. the zip: end record (zip64 too), central directory, every entry stored, laid out in order;
 *   2. the layout: `manifest.json`, `manifest.sig`, then only `files/…` entries;
 *   3. the signature: its key is among the given keys, and Ed25519 over the manifest's bytes holds;
 *   4. the manifest: format 1, files sorted and unique, the content digest recomputed from the files
 *      and inputs equals the recorded one, and every sign-off was bound to that digest;
 *   5. the files: none missing, none extra, in the manifest's order, each with the recorded size
 *      and SHA-256 (streamed).
 *
 * Example: `await verifyBundle(blobSource(file), { keys: parsePublicKeys(pem) })` →
 * `{ ok: true, summary: { package: {…}, files: 3, bytes: 10240, keyFingerprint: 'ab…', … } }` or
 * `{ ok: false, problem: { code: 'bundle.file_altered', message: '…', path: 'tables/a.csv' } }`.
 * Isomorphic: no Node built-ins.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { ContentDigestInput } from '../content-digest';
import { contentDigest } from '../content-digest';
import { FILES_PREFIX, MANIFEST_ENTRY, SIGNATURE_ALGORITHM, SIGNATURE_ENTRY, type BundleManifest } from './format';
import { BundleProblemError, type BundleProblem } from './problems';
import type { BundlePublicKey } from './public-keys';
import { nobleSha256, sha256OfRange, type Sha256Factory } from './hashing';
import { parseManifest, parseSignature } from './manifest-shape';
import type { RandomAccessSource } from './random-access';
import { entryDataOffset, readZipEntries, type ZipEntry } from './zip-reader';

export interface VerifyProgress {
  /** Bytes of files hashed so far, of `bytesTotal`. */
  bytesDone: number;
  bytesTotal: number;
}

export interface VerifyOptions {
  /** The keys trusted to sign bundles (see `parsePublicKeys`, `keysFromJson`). */
  keys: readonly BundlePublicKey[];
  /** A faster SHA-256 than the default (@noble/hashes), e.g. node:crypto's in the CLI. */
  createHash?: Sha256Factory;
  onProgress?: (progress: VerifyProgress) => void;
}

export interface BundleSummary {
  package: { id: string; kind: string; title: string };
  project: { id: string; name: string };
  workPackage: { id: string; name: string };
  tier: number;
  files: number;
  bytes: number;
  keyFingerprint: string;
  contentDigest: string;
  signOffs: number;
  release: { id: string; releasedAt: string; releasedBy: string };
}

export type VerifyResult = { ok: true; summary: BundleSummary } | { ok: false; problem: BundleProblem };

/** The manifest may be large (10,000 files with their histories) but not unbounded. */
const MAX_MANIFEST = 256 * 1024 * 1024;
const MAX_SIGNATURE = 64 * 1024;

async function readSmallEntry(source: RandomAccessSource, entry: ZipEntry, max: number): Promise<Uint8Array> {
  if (entry.size > max) throw new BundleProblemError('bundle.not_format_1', `“${entry.name}” is implausibly large.`);
  return source.read(await entryDataOffset(source, entry), entry.size);
}

/** Step 2: the first two entries are the manifest and its signature, every other one is under files/. */
function checkLayout(entries: readonly ZipEntry[]): { manifest: ZipEntry; signature: ZipEntry; files: ZipEntry[] } {
  const names = entries.map((e) => e.name);
  if (new Set(names).size !== names.length) throw new BundleProblemError('bundle.not_format_1', 'An entry appears twice.');
  for (const required of [MANIFEST_ENTRY, SIGNATURE_ENTRY]) {
    if (!names.includes(required)) throw new BundleProblemError('bundle.not_format_1', `It has no ${required}.`);
  }
  const [manifest, signature, ...files] = entries;
  if (manifest?.name !== MANIFEST_ENTRY || signature?.name !== SIGNATURE_ENTRY) {
    throw new BundleProblemError('bundle.out_of_order', `${MANIFEST_ENTRY} and ${SIGNATURE_ENTRY} must be the first two entries.`);
  }
  const stray = files.find((e) => !e.name.startsWith(FILES_PREFIX) || e.name === FILES_PREFIX);
  if (stray) throw new BundleProblemError('bundle.file_extra', `“${stray.name}” is outside ${FILES_PREFIX}.`, stray.name);
  return { manifest, signature, files };
}

/** Step 3: the key is trusted and the signature over the manifest's exact bytes holds. */
function checkSignature(manifestBytes: Uint8Array, signatureBytes: Uint8Array, keys: readonly BundlePublicKey[]): BundlePublicKey {
  const signature = parseSignature(signatureBytes);
  if (signature.algorithm !== SIGNATURE_ALGORITHM) throw new BundleProblemError('bundle.signature_invalid', `The signature’s algorithm is ${String(signature.algorithm)}, not Ed25519.`);
  const key = keys.find((k) => k.fingerprint === signature.keyFingerprint);
  if (!key) throw new BundleProblemError('bundle.key_unknown', `It names key ${signature.keyFingerprint}.`);
  let valid = false;
  try {
    // zip215: false is RFC 8032's strict verification, as OpenSSL does it.
    valid = ed25519.verify(signature.signature, manifestBytes, key.publicKey, { zip215: false });
  } catch {
    valid = false;
  }
  if (!valid) throw new BundleProblemError('bundle.signature_invalid');
  return key;
}

/** Step 4: the content digest recomputed from the manifest, and every sign-off bound to it. */
function checkDigest(manifest: BundleManifest): void {
  const { inputs, value } = manifest.contentDigest;
  const recomputed = contentDigest({ ...(inputs as Omit<ContentDigestInput, 'files'>), files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256 })) });
  if (recomputed !== value) throw new BundleProblemError('bundle.digest_mismatch', `Recorded ${value}, recomputed ${recomputed}.`);
  const stale = manifest.signOffs.find((s) => s.contentDigest !== value);
  if (stale) throw new BundleProblemError('bundle.sign_off_digest_mismatch', `${stale.person.name}’s sign-off as ${stale.role} was bound to ${stale.contentDigest}.`);
}

/** Step 5a: the files/ entries are exactly the manifest's files, in its order, with its sizes. */
function matchFiles(manifest: BundleManifest, entries: readonly ZipEntry[]): ZipEntry[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const listed = new Set(manifest.files.map((f) => FILES_PREFIX + f.path));
  const missing = manifest.files.find((f) => !byName.has(FILES_PREFIX + f.path));
  if (missing) throw new BundleProblemError('bundle.file_missing', `“${missing.path}” is not in the bundle.`, missing.path);
  const extra = entries.find((e) => !listed.has(e.name));
  if (extra) {
    const path = extra.name.slice(FILES_PREFIX.length);
    throw new BundleProblemError('bundle.file_extra', `“${path}” is not in the manifest.`, path);
  }
  return manifest.files.map((file, i) => {
    const entry = entries[i] as ZipEntry;
    if (entry.name !== FILES_PREFIX + file.path) throw new BundleProblemError('bundle.out_of_order', `“${file.path}” is not where the manifest’s order puts it.`, file.path);
    if (entry.size !== file.size) throw new BundleProblemError('bundle.file_altered', `“${file.path}” is ${entry.size} bytes; the manifest records ${file.size}.`, file.path);
    return entry;
  });
}

function summarise(manifest: BundleManifest, key: BundlePublicKey): BundleSummary {
  return {
    package: { id: manifest.package.id, kind: manifest.package.kind, title: manifest.package.title },
    project: { id: manifest.project.id, name: manifest.project.name },
    workPackage: { id: manifest.workPackage.id, name: manifest.workPackage.name },
    tier: manifest.classification.tier,
    files: manifest.files.length,
    bytes: manifest.files.reduce((sum, f) => sum + f.size, 0),
    keyFingerprint: key.fingerprint,
    contentDigest: manifest.contentDigest.value,
    signOffs: manifest.signOffs.length,
    release: { id: manifest.release.id, releasedAt: manifest.release.releasedAt, releasedBy: manifest.release.releasedBy.name },
  };
}

async function verifyOrThrow(source: RandomAccessSource, options: VerifyOptions): Promise<BundleSummary> {
  const layout = checkLayout(await readZipEntries(source));
  const manifestBytes = await readSmallEntry(source, layout.manifest, MAX_MANIFEST);
  const signatureBytes = await readSmallEntry(source, layout.signature, MAX_SIGNATURE);
  const key = checkSignature(manifestBytes, signatureBytes, options.keys);
  const manifest = parseManifest(manifestBytes);
  checkDigest(manifest);
  const entries = matchFiles(manifest, layout.files);

  const createHash = options.createHash ?? nobleSha256;
  const bytesTotal = manifest.files.reduce((sum, f) => sum + f.size, 0);
  let bytesDone = 0;
  options.onProgress?.({ bytesDone, bytesTotal });
  for (const [i, file] of manifest.files.entries()) {
    const entry = entries[i] as ZipEntry;
    const digest = await sha256OfRange(source, await entryDataOffset(source, entry), entry.size, createHash, (n) => {
      bytesDone += n;
      options.onProgress?.({ bytesDone, bytesTotal });
    });
    if (digest !== file.sha256) throw new BundleProblemError('bundle.file_altered', `“${file.path}” hashes to ${digest}; the manifest records ${file.sha256}.`, file.path);
  }
  return summarise(manifest, key);
}

/**
 * Verifies a bundle in format 1 against the trusted keys. Never throws for a bad bundle: the first
 * problem comes back as `{ ok: false, problem }`; only a failing source (an unreadable file) throws.
 */
export async function verifyBundle(source: RandomAccessSource, options: VerifyOptions): Promise<VerifyResult> {
  try {
    return { ok: true, summary: await verifyOrThrow(source, options) };
  } catch (error) {
    if (error instanceof BundleProblemError) return { ok: false, problem: error.toProblem() };
    throw error;
  }
}
