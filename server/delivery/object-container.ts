/**
 * What a container push needs from S3 or Azure Blob: look at, write, read back and delete one
 * object. Both adapters (s3-container.ts, azure-container.ts) store the sha256 as object metadata
 * so a second delivery of the same release finds the object, and translate the SDKs' failures
 * into `delivery.refused` (the service answered no) or `delivery.unreachable` (no answer).
 */
import type { Readable } from 'node:stream';
import { DomainError } from '../domain/errors';

export interface ObjectFacts {
  bytes: number;
  /** The sha256 recorded in the object's metadata when it was pushed (absent for foreign objects). */
  sha256: string | undefined;
}

export interface ObjectContainer {
  /** `s3://bucket/key` or `azure://container/key`: for receipts and messages (no credentials). */
  locationOf(key: string): string;
  stat(key: string): Promise<ObjectFacts | undefined>;
  /** Streams `body` to `key` with the sha256 in its metadata; the object appears only if `body` ends without error. */
  write(key: string, body: Readable, sha256: string): Promise<void>;
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

/** The HTTP status a storage SDK error carries (S3: $metadata.httpStatusCode, Azure: statusCode). */
export function statusOfStorageError(error: unknown): number | undefined {
  const e = error as { $metadata?: { httpStatusCode?: number }; statusCode?: number } | null;
  return e?.$metadata?.httpStatusCode ?? e?.statusCode;
}

/**
 * A storage SDK failure as a delivery refusal: answered with a status → `delivery.refused`
 * (wrong bucket or container, wrong credentials, no permission), no answer → `delivery.unreachable`.
 * The message names the target and the service's error code, never credentials.
 */
export function deliveryFailure(error: unknown, target: string, doing: string): DomainError {
  if (error instanceof DomainError) return error;
  const status = statusOfStorageError(error);
  const e = error as { name?: string; code?: string; Code?: string } | null;
  const code = e?.Code ?? e?.code ?? e?.name ?? 'error';
  if (status !== undefined && status > 0) {
    return new DomainError('delivery.refused', `The storage target "${target}" refused to ${doing} (HTTP ${status}, ${code}): check its bucket or container and credentials`, {
      target,
      status,
      code,
    });
  }
  return new DomainError('delivery.unreachable', `The storage target "${target}" could not be reached to ${doing} (${code})`, { target, code });
}
