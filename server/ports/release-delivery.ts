/**
 * Delivering a sealed bundle by the release's method (issue 12, docs/delivery.md): the release
 * job calls the step of the release's method once the bundle is sealed. A download link needs no
 * delivery (its link is issued when the release starts and serves only once the package is
 * released); a container push and a folder export are wired from server/delivery/ by the
 * entrypoint. A step is idempotent: delivering the same release twice does not duplicate.
 */
import type { ReleaseMethod } from '../../common/vocab/release';

export interface DeliveryRequest {
  releaseId: string;
  packageId: string;
  destinationId: string | null;
  bundle: { sha256: string; bytes: number; name: string };
}

/** What the step records in the audit log (never credentials or content). */
export type DeliveryOutcome = Record<string, unknown>;

export type ReleaseDeliverySteps = Partial<Record<ReleaseMethod, (request: DeliveryRequest) => Promise<DeliveryOutcome>>>;

/** Encrypts a sealed bundle (by its blob sha256) for a recipient's public key, into the blob store. */
export type EncryptBundle = (bundleSha256: string, recipientKey: string) => Promise<{ sha256: string; bytes: number }>;
