/**
 * Wires server/delivery/ into the release job and the revocation (issue 12, docs/delivery.md):
 * a container push or a folder export of the sealed (and, where the destination has a recipient
 * key, encrypted) bundle to the release's registered destination, verified where it landed; and,
 * on revocation, deleting what was pushed where the target allows it. A download link has no
 * step of its own here.
 */
import { PassThrough, type Readable } from 'node:stream';
import { findDestination } from '../db/destinations.repository';
import type { Db } from '../db/schema';
import { releaseObjectKey } from '../delivery/container-push';
import { type DeliveryRoute, deliverBundle, deliveryRouteFor, revokeDelivery } from '../delivery/deliver';
import type { DeliverySettings } from '../config/delivery-settings';
import { DomainError } from '../domain/errors';
import type { BlobStore } from '../ports/blob-store';
import type { ReleaseDeliverySteps } from '../ports/release-delivery';
import type { ReleaseRevokeSteps, RevokedRelease } from '../ports/release-revoke';

/** A Readable now for a blob opened later (a delivery item opens its content synchronously). */
function lazyBlob(blobs: BlobStore, sha256: string): Readable {
  const out = new PassThrough();
  blobs.open(sha256).then(
    (stream) => {
      stream.on('error', (error) => out.destroy(error));
      stream.pipe(out);
    },
    (error: Error) => out.destroy(error),
  );
  return out;
}

async function routeOf(db: Db, settings: DeliverySettings, destinationId: string | null): Promise<DeliveryRoute> {
  const destination = destinationId ? await findDestination(db, destinationId) : undefined;
  if (!destination) throw new DomainError('package.destination_missing', 'The release has no registered destination to deliver to');
  const route = deliveryRouteFor({ method: destination.method as 'container_push' | 'folder_export', target: destination.target }, settings);
  if (!route) throw new DomainError('package.destination_missing', 'The destination is a download link; there is nothing to deliver');
  return route;
}

export function releaseDeliverySteps(db: Db, blobs: BlobStore, settings: DeliverySettings): ReleaseDeliverySteps {
  const deliver: NonNullable<ReleaseDeliverySteps['container_push']> = async (request) => {
    const route = await routeOf(db, settings, request.destinationId);
    const { bundle } = request;
    const receipt = await deliverBundle(route, request.releaseId, [{ name: bundle.name, open: () => lazyBlob(blobs, bundle.sha256), sha256: bundle.sha256, bytes: bundle.bytes }]);
    return { location: receipt.location, objects: receipt.objects.map((o) => ({ name: o.name, sha256: o.sha256, bytes: o.bytes, alreadyPresent: o.alreadyPresent })) };
  };
  return { container_push: deliver, folder_export: deliver };
}

export function releaseRevokeSteps(db: Db, settings: DeliverySettings): ReleaseRevokeSteps {
  const revoke = async (release: RevokedRelease): Promise<Record<string, unknown>> => {
    const route = await routeOf(db, settings, release.destinationId);
    if (!release.bundle) return { outcome: 'nothing_delivered' };
    const { bundle } = release;
    const key = route.method === 'container_push' ? releaseObjectKey(route.target.prefix, release.id, bundle.name) : bundle.name;
    const receipt = { method: route.method, target: '', location: '', objects: [{ name: bundle.name, key, sha256: bundle.sha256, bytes: bundle.bytes, alreadyPresent: false }] };
    return { ...(await revokeDelivery(route, receipt)) };
  };
  return { container_push: revoke, folder_export: revoke };
}
