/**
 * Container push (docs/delivery.md): each file of a release is streamed to
 * `<target prefix>/<release id>/<name>` and then read back and hashed; the push succeeds only
 * when every object hashes to what was sent. Idempotent: an object already there with the right
 * size and recorded sha256 is read back, and kept when it still hashes right (nothing is written
 * twice); anything else under that key is overwritten.
 */
import { pipeline } from 'node:stream';
import { createHashingCounter } from '../storage/hashing';
import { type DeliveredObject, type DeliveryItem, assertSafeName, sha256OfStream, verificationFailed } from './delivery-item';
import type { ObjectContainer } from './object-container';

/** The object key of one file of a release under a target's prefix. */
export function releaseObjectKey(prefix: string, releaseId: string, name: string): string {
  assertSafeName(releaseId, 'release id');
  assertSafeName(name, 'file name');
  return [prefix, releaseId, name].filter((part) => part !== '').join('/');
}

async function holds(container: ObjectContainer, key: string, item: DeliveryItem): Promise<boolean> {
  const facts = await container.stat(key);
  if (!facts || facts.bytes !== item.bytes || facts.sha256 !== item.sha256) return false;
  const found = await sha256OfStream(await container.read(key));
  return found.sha256 === item.sha256 && found.bytes === item.bytes;
}

/**
 * Pushes the release's files and verifies each by reading it back.
 * @throws DomainError `delivery.refused`, `delivery.unreachable`, `delivery.verification_failed`,
 *   or `file.hash_mismatch`/`file.size_mismatch` when the source is not what the caller declared.
 */
export async function pushRelease(container: ObjectContainer, prefix: string, releaseId: string, items: readonly DeliveryItem[]): Promise<DeliveredObject[]> {
  const delivered: DeliveredObject[] = [];
  for (const item of items) {
    const key = releaseObjectKey(prefix, releaseId, item.name);
    const expected = { sha256: item.sha256, bytes: item.bytes };
    if (await holds(container, key, item)) {
      delivered.push({ name: item.name, key, ...expected, alreadyPresent: true });
      continue;
    }
    // The counter fails at the source's end when it is not what was declared, before the object is committed.
    const body = pipeline(item.open(), createHashingCounter({ expectedSha256: item.sha256, expectedBytes: item.bytes }), () => undefined);
    await container.write(key, body, item.sha256);
    const found = await sha256OfStream(await container.read(key));
    if (found.sha256 !== item.sha256 || found.bytes !== item.bytes) throw verificationFailed(container.locationOf(key), expected, found);
    delivered.push({ name: item.name, key, ...expected, alreadyPresent: false });
  }
  return delivered;
}
