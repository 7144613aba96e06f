/**
 * Encryption for the recipient (docs/decisions/0008-recipient-encryption.md): the bundle is
 * encrypted to the destination's age X25519 recipient key as a stream, so memory stays flat
 * whatever the bundle's size. The recipient decrypts with `age -d -i key.txt` (docs/delivery.md).
 *
 * Example: `encryptForRecipient(createReadStream('bundle.zip'), 'age1…').pipe(createWriteStream('bundle.zip.age'))`.
 */
import type { BlobStore } from '../ports/blob-store';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Encrypter } from 'age-encryption';
import { parseRecipientKey } from '../domain/delivery/recipient-key';

/** What an encrypted bundle is called beside the plain name (`bundle.zip` → `bundle.zip.age`). */
export const ENCRYPTED_SUFFIX = '.age';

/**
 * Encrypts `source` for `recipientKey` (age format, X25519, ChaCha20-Poly1305 in 64 KiB chunks).
 * Readable in, Readable out; reading the output pulls the input, so back-pressure holds.
 * @throws DomainError `destination.recipient_key_invalid` (synchronously) for a key that does not parse.
 */
export function encryptForRecipient(source: Readable, recipientKey: string): Readable {
  const { key } = parseRecipientKey(recipientKey);
  const encrypter = new Encrypter();
  encrypter.addRecipient(key);
  const input = Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>;
  const encrypted = encrypter.encrypt(input);
  // The header is written once the file key is wrapped (a promise); the body then streams.
  return Readable.from(
    (async function* () {
      const stream = (await encrypted) as unknown as WebReadableStream<Uint8Array>;
      for await (const chunk of Readable.fromWeb(stream)) yield chunk as Uint8Array;
    })(),
    { objectMode: false },
  );
}

/** Encrypts the blob `bundleSha256` for `recipientKey` into `blobs` (the release job's EncryptBundle). */
export function encryptBlobs(blobs: BlobStore): (bundleSha256: string, recipientKey: string) => Promise<{ sha256: string; bytes: number }> {
  return async (bundleSha256, recipientKey) => {
    const stored = await blobs.put(encryptForRecipient(await blobs.open(bundleSha256), recipientKey));
    return { sha256: stored.sha256, bytes: stored.bytes };
  };
}
