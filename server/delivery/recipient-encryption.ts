/**
 * Encryption for the recipient (docs/decisions/0008-recipient-encryption.md): the bundle is
 * encrypted to the destination's age X25519 recipient key as a stream, so memory stays flat
 * whatever the bundle's size. The recipient decrypts with `age -d -i key.txt` (docs/delivery.md).
 *
 * Example: `encryptForRecipient(createReadStream('bundle.zip'), 'age1…').pipe(createWriteStream('bundle.zip.age'))`.
 */
import type { BlobStore } from '../ports/blob-store';
import { pipeline, type Readable } from 'node:stream';
import { parseRecipientKey } from '../domain/delivery/recipient-key';
import { ageHeader } from './age-header';
import { AgePayload } from './age-payload';

/** What an encrypted bundle is called beside the plain name (`bundle.zip` → `bundle.zip.age`). */
export const ENCRYPTED_SUFFIX = '.age';

/**
 * Encrypts `source` for `recipientKey` (age format, X25519, ChaCha20-Poly1305 in 64 KiB chunks,
 * node:crypto throughout: age-header.ts, age-payload.ts). Readable in, Readable out; reading the
 * output pulls the input, so back-pressure holds; a failing source fails the output.
 * @throws DomainError `destination.recipient_key_invalid` (synchronously) for a key that does not parse.
 */
export function encryptForRecipient(source: Readable, recipientKey: string): Readable {
  const { publicKey } = parseRecipientKey(recipientKey);
  const { header, fileKey } = ageHeader(publicKey);
  // pipeline destroys the returned stream with the source's error, so a reader never sees a short file as complete.
  return pipeline(source, new AgePayload(fileKey, header), () => undefined);
}

/** Encrypts the blob `bundleSha256` for `recipientKey` into `blobs` (the release job's EncryptBundle). */
export function encryptBlobs(blobs: BlobStore): (bundleSha256: string, recipientKey: string) => Promise<{ sha256: string; bytes: number }> {
  return async (bundleSha256, recipientKey) => {
    const stored = await blobs.put(encryptForRecipient(await blobs.open(bundleSha256), recipientKey));
    return { sha256: stored.sha256, bytes: stored.bytes };
  };
}
