/**
 * Where blobs live in an object store (S3 bucket or Azure container) under a prefix: finished
 * blobs under `PREFIX/blobs/<sha256>`, puts in progress under `PREFIX/tmp/`.
 */
import { assertSha256Key } from './hashing';

/** The name prefix under which blobs live. */
export function objectBlobsPrefix(prefix: string): string {
  return prefix ? `${prefix}/blobs/` : 'blobs/';
}

/** The name of the blob with this hash; tests use it to corrupt a blob. */
export function objectBlobKey(prefix: string, sha256: string): string {
  assertSha256Key(sha256);
  return `${objectBlobsPrefix(prefix)}${sha256}`;
}

/** The name prefix of puts in progress; nothing committed is under it when no put is running. */
export function objectTempPrefix(prefix: string): string {
  return prefix ? `${prefix}/tmp/` : 'tmp/';
}
