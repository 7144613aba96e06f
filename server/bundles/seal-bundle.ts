/**
 * The sealer (docs/bundles.md): writes a bundle in format 1 (common/bundle/format.ts) as one
 * streamed zip, every entry stored (method 0): `manifest.json` (its canonical JSON bytes),
 * `manifest.sig` (Ed25519 over those bytes), then `files/<path>` for each manifest file in order,
 * each streamed from the blob store and hashed again on the way. A file whose bytes do not hash
 * to the manifest's sha256, or have another size, fails the seal with `bundle.content_mismatch`:
 * there is never a bundle whose content differs from its manifest. Memory stays flat: one file
 * streams at a time, with backpressure, and nothing is buffered beyond the stream buffers.
 *
 * ZIP64: yazl switches an entry to ZIP64 when its declared size or its offset passes 0xfffffffe
 * (each file's size is declared up front from the manifest, so the local header is right), and
 * the archive when it has more than 65,534 entries or its central directory lies beyond 4 GiB.
 * `forceZip64` writes ZIP64 records everywhere (tests use it, since a >4 GiB test is too slow).
 *
 * Every entry gets the release time as its modification time, so sealing the same manifest and
 * content again gives the same bytes (a resumed release job can re-seal and compare).
 *
 * Example: `await sealBundle({ manifest, signer, blobs }, createWriteStream('bundle.zip'))`
 * → `{ sha256: 'ab…', bytes: 1234, files: 2 }`.
 */
import { createHash } from 'node:crypto';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { type BundleManifest, type BundleSignature, FILES_PREFIX, MANIFEST_ENTRY, SIGNATURE_ALGORITHM, SIGNATURE_ENTRY } from '../../common/bundle/format';
import { canonicalJson } from '../../common/canonical-json';
import { DomainError, isDomainError } from '../domain/errors';
import type { BlobStore, StoredBlob } from '../ports/blob-store';
import type { BundleSealer, SealedBundle } from '../ports/bundle-sealer';
import type { BundleSigner } from '../ports/bundle-signer';
import { HashingCounter } from '../storage/hashing';

export interface SealInput {
  manifest: BundleManifest;
  signer: BundleSigner;
  /** Where the files' bytes are read from (by their sha256). */
  blobs: BlobStore;
  /** Write ZIP64 records even where not needed (tests; default false: only where needed). */
  forceZip64?: boolean;
}

export type { SealedBundle };

/** The exact bytes of `manifest.json` and `manifest.sig` for a manifest. */
export function signManifest(manifest: BundleManifest, signer: BundleSigner): { manifestBytes: Buffer; signatureBytes: Buffer } {
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const signature: BundleSignature = { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: signer.fingerprint, signature: Buffer.from(signer.sign(manifestBytes)).toString('base64') };
  return { manifestBytes, signatureBytes: Buffer.from(canonicalJson(signature), 'utf8') };
}

/**
 * Seals the bundle into `output` (ended when done) and answers its sha256 and size. Rejects with
 * `bundle.content_mismatch` naming the file whose stored bytes differ from the manifest, or with
 * the blob store's or the output's error; `output` is then destroyed and holds a partial zip the
 * caller must discard.
 */
export async function sealBundle(input: SealInput, output: Writable): Promise<SealedBundle> {
  const { manifest, signer, blobs } = input;
  const { manifestBytes, signatureBytes } = signManifest(manifest, signer);
  const zip = new ZipFile();
  // @types/yazl types the output as a web ReadableStream; it is a Node Readable (a PassThrough).
  const zipOutput = zip.outputStream as unknown as Readable;
  const entry = { compress: false, mtime: new Date(manifest.release.releasedAt), mode: 0o100644, forceZip64Format: input.forceZip64 === true };
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    zipOutput.destroy(failure);
  };
  zip.on('error', (error: Error) => fail(error));

  zip.addBuffer(manifestBytes, MANIFEST_ENTRY, entry);
  zip.addBuffer(signatureBytes, SIGNATURE_ENTRY, entry);
  for (const file of manifest.files) {
    zip.addReadStreamLazy(`${FILES_PREFIX}${file.path}`, { ...entry, size: file.size }, (callback) => {
      blobs.open(file.sha256).then(
        (source) => callback(null, checkedContent(source, file, fail) as unknown as NodeJS.ReadableStream),
        (error: unknown) => fail(asMismatch(error, file.path)),
      );
    });
  }
  zip.end({ forceZip64Format: input.forceZip64 === true, comment: '' });

  const counter = new HashingCounter();
  try {
    await pipeline(zipOutput, counter, output);
  } catch (error) {
    throw failure ?? error;
  }
  if (failure) throw failure;
  const { sha256, bytes } = counter.result();
  return { sha256, bytes, keyFingerprint: signer.fingerprint, manifestSha256: createHash('sha256').update(manifestBytes).digest('hex') };
}

/** Seals the bundle into the blob store (content-addressed: the bundle's key is its sha256). */
export async function sealBundleToStore(input: SealInput, store: BlobStore): Promise<SealedBundle & StoredBlob> {
  const through = new PassThrough();
  const [sealed, stored] = await Promise.all([sealBundle(input, through), store.put(through)]);
  return { ...sealed, ...stored };
}

/** The sealer port over a blob store: files are read from `blobs`, sealed bundles stored there too. */
export function blobStoreSealer(blobs: BlobStore): BundleSealer {
  return {
    sealToStore: (manifest, signer) => sealBundleToStore({ manifest, signer, blobs }, blobs),
    sealTo: (manifest, signer, output) => sealBundle({ manifest, signer, blobs }, output),
  };
}

/** The blob's bytes, re-hashed: fails at the end unless they are exactly the manifest's size and sha256. */
function checkedContent(source: Readable, file: BundleManifest['files'][number], fail: (error: Error) => void): Readable {
  const check = new HashingCounter({ expectedBytes: file.size, expectedSha256: file.sha256 });
  const onError = (error: unknown): void => {
    const mismatch = asMismatch(error, file.path);
    check.destroy(mismatch);
    fail(mismatch);
  };
  source.on('error', onError);
  check.on('error', onError);
  return source.pipe(check);
}

/** A content or integrity failure of one file, named; other errors (the store unreachable) as they are. */
function asMismatch(error: unknown, path: string): Error {
  if (isDomainError(error) && ['file.hash_mismatch', 'file.size_mismatch', 'storage.integrity', 'storage.not_found'].includes(error.code)) {
    return new DomainError('bundle.content_mismatch', `The stored bytes of ${path} do not match the manifest (${error.message}); the bundle was not sealed.`, { path, cause: error.code });
  }
  return error instanceof Error ? error : new Error(String(error));
}
