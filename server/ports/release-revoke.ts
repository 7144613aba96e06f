/**
 * The delivery-specific steps of revoking a release (issue 12): for a push, delete the pushed
 * objects where the destination allows it; for a folder export, record that the recipient must
 * delete it. The delivery work registers one step per method; `revokeRelease` runs the method's
 * step after the revocation is committed and audits what it answers (`release.delivery_revoked`).
 * Links need no step: the revocation's own transaction kills them.
 *
 * Example: `{ folder_export: async () => ({ recipientMustDelete: true, path: '/exports/…' }) }`.
 */
import type { ReleaseMethod } from '../../common/vocab/release';

/** What the steps need of a release: its id, method, destination and bundle. */
export interface RevokedRelease {
  id: string;
  packageId: string;
  method: ReleaseMethod;
  destinationId: string | null;
  bundle: { sha256: string; bytes: number; name: string } | null;
}

/** A step answers facts for the audit event (never secrets); it throws when it could not do its part. */
export type ReleaseRevokeStep = (release: RevokedRelease) => Promise<Record<string, unknown>>;

export type ReleaseRevokeSteps = Partial<Record<ReleaseMethod, ReleaseRevokeStep>>;
