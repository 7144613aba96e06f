/**
 * What a delivery carries and what it answers (the release job's vocabulary): the files of one
 * release (the bundle, its manifest), each opened only when it has to be written, and a receipt
 * naming where each landed, to be stored with the release and handed back for a revoke.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '../domain/errors';

export interface DeliveryItem {
  /** The file name at the destination, e.g. `release-3f2a.zip` or `release-3f2a.manifest.json`. */
  name: string;
  /** Opens the content (called at most once per delivery; not at all when the destination already holds it). */
  open(): Readable;
  sha256: string;
  bytes: number;
}

export interface DeliveredObject {
  name: string;
  /** The object key (push) or the file's path (folder export). */
  key: string;
  sha256: string;
  bytes: number;
  /** True when the destination already held this object with the right hash (a repeated delivery). */
  alreadyPresent: boolean;
}

export interface DeliveryReceipt {
  method: 'container_push' | 'folder_export';
  /** The push target's name or the export sub-folder. */
  target: string;
  /** Where the release's objects are: `s3://bucket/prefix/<release>/`, `azure://…` or the export folder. */
  location: string;
  objects: DeliveredObject[];
}

/** What revoking a delivery achieved. */
export type RevokeOutcome =
  | { outcome: 'deleted'; deleted: string[] }
  | { outcome: 'not_allowed'; reason: string }
  | { outcome: 'failed'; reason: string; deleted: string[] }
  | { outcome: 'recipient_must_delete'; reason: string };

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Refuses a release id or file name that could climb out of its folder or key prefix.
 * @throws DomainError `validation.invalid_input`.
 */
export function assertSafeName(value: string, what: string): void {
  if (!SAFE_NAME.test(value) || value.includes('..')) throw new DomainError('validation.invalid_input', `A ${what} for delivery must be letters, digits, dots, dashes and underscores`);
}

/** Hashes a stream to its end (read-back verification). */
export async function sha256OfStream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The refusal when what the destination holds is not what was sent. */
export function verificationFailed(location: string, expected: { sha256: string; bytes: number }, found: { sha256: string; bytes: number }): DomainError {
  return new DomainError(
    'delivery.verification_failed',
    `Read back from ${location}, the object is not what was sent (expected ${expected.bytes} bytes, sha256 ${expected.sha256.slice(0, 12)}…; found ${found.bytes} bytes, ${found.sha256.slice(0, 12)}…)`,
    {
      location,
      expected,
      found,
    },
  );
}
