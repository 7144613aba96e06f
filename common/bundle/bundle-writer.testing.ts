/**
 * Test-only bundle writer following format 1 (common/bundle/format.ts) with yazl and node:crypto's
 * Ed25519, independent of the real sealer so the verifier is tested against the format, not
 * against the sealer's code. Tests build the default entries, tamper with them (or the manifest)
 * and zip them.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { canonicalJson } from '../canonical-json';
import { contentDigest } from '../content-digest';
import { FILES_PREFIX, MANIFEST_ENTRY, SIGNATURE_ENTRY, type BundleManifest, type BundleSignature } from './format';

export interface TestKey {
  privateKey: KeyObject;
  /** The raw 32-byte public key. */
  raw: Uint8Array;
  pem: string;
  fingerprint: string;
}

export function createTestKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const raw = new Uint8Array(der.subarray(der.length - 32));
  return { privateKey, raw, pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), fingerprint: createHash('sha256').update(raw).digest('hex') };
}

export interface TestFile {
  path: string;
  content: Uint8Array;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const person = (id: string, name: string) => ({ id, name });

/** A plausible manifest for the files (sorted by path), its content digest computed and every sign-off bound to it. */
export function buildManifest(files: readonly TestFile[]): BundleManifest {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifestFiles = sorted.map((f) => ({
    path: f.path,
    size: f.content.length,
    sha256: sha256(f.content),
    category: 'output' as const,
    version: 1,
    history: [
      { version: 1, sha256: sha256(f.content), size: f.content.length, addedAt: '2025-01-02T03:04:05.000Z', addedBy: person('u1', 'Rui Researcher'), origin: 'upload' as const, redaction: null },
    ],
  }));
  const inputs = {
    context: { purpose: 'Paper on admissions', datasets: ['hes'] },
    removed: [{ path: 'draft.csv', version: 1, reason: 'Not final', outcome: null }],
    tier: { tier: 2, policyVersion: 1 },
    destination: { kind: 'research_team' as const, registeredDestination: 'dest-1', deliveryMethod: 'link', recipientKeyFingerprint: null },
  };
  const value = contentDigest({ ...inputs, context: inputs.context as never, files: manifestFiles });
  return {
    bundleFormat: 1,
    release: { id: 'rel-1', releasedAt: '2025-02-03T04:05:06.000Z', releasedBy: person('u9', 'Sam Manager'), toolVersion: 'test' },
    project: { id: 'p1', name: 'Hospital admissions' },
    workPackage: { id: 'wp1', name: 'Report' },
    package: { id: 'pk1', kind: 'report', title: 'Final tables' },
    files: manifestFiles,
    classification: { tier: 2, policyVersion: 1, classifiedAt: '2025-01-01T00:00:00.000Z', opinions: [] },
    reviews: [],
    findingResponses: [],
    signOffs: [
      { person: person('u2', 'Ivy Investigator'), role: 'investigator', signedAt: '2025-01-05T00:00:00.000Z', contentDigest: value },
      { person: person('u3', 'Dana Provider'), role: 'data_provider_representative', signedAt: '2025-01-06T00:00:00.000Z', contentDigest: value },
    ],
    contentDigest: { version: 1, value, inputs },
    findingsSummary: {},
    removed: inputs.removed,
    destination: { kind: 'research_team', id: 'dest-1', name: 'Research team', method: 'link', recipientKeyFingerprint: null },
  };
}

export const manifestBytes = (manifest: BundleManifest): Uint8Array => new TextEncoder().encode(canonicalJson(manifest));

/** `manifest.sig` for these manifest bytes. */
export function signatureBytes(manifest: Uint8Array, key: TestKey): Uint8Array {
  const signature: BundleSignature = { algorithm: 'Ed25519', keyFingerprint: key.fingerprint, signature: sign(null, manifest, key.privateKey).toString('base64') };
  return new TextEncoder().encode(canonicalJson(signature));
}

export interface TestEntry {
  name: string;
  data: Uint8Array;
  /** Deflate this entry (format 1 never does). */
  compress?: boolean;
}

/** The entries of a correct bundle: manifest, signature, then the files in the manifest's order. */
export function bundleEntries(files: readonly TestFile[], key: TestKey, manifest: BundleManifest = buildManifest(files)): TestEntry[] {
  const bytes = manifestBytes(manifest);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  return [
    { name: MANIFEST_ENTRY, data: bytes },
    { name: SIGNATURE_ENTRY, data: signatureBytes(bytes, key) },
    ...manifest.files.map((f) => ({ name: FILES_PREFIX + f.path, data: byPath.get(f.path) ?? new Uint8Array() })),
  ];
}

/**
 * Zips the entries in order with yazl. `streamed` writes each entry from a stream of known size
 * (local headers without sizes, a data descriptor after the data, as a streaming sealer does);
 * `zip64` forces zip64 records everywhere.
 */
export async function zipEntries(entries: readonly TestEntry[], options: { zip64?: boolean; streamed?: boolean } = {}): Promise<Buffer> {
  const zip = new ZipFile();
  const mtime = new Date('2025-02-03T04:05:06Z');
  for (const entry of entries) {
    const entryOptions = { compress: entry.compress ?? false, mtime, forceZip64Format: options.zip64 ?? false };
    if (options.streamed) zip.addReadStream(Readable.from([Buffer.from(entry.data)]), entry.name, { ...entryOptions, size: entry.data.length });
    else zip.addBuffer(Buffer.from(entry.data), entry.name, entryOptions);
  }
  zip.end({ forceZip64Format: options.zip64 ?? false, comment: '' });
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A correct bundle of these files, signed with the key. */
export function writeTestBundle(files: readonly TestFile[], key: TestKey, options: { zip64?: boolean; streamed?: boolean } = {}): Promise<Buffer> {
  return zipEntries(bundleEntries(files, key), options);
}
