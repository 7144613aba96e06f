/**
 * The delivery entry points the release job calls (docs/delivery.md):
 *
 *   const route = deliveryRouteFor(destination, config.delivery);       // null for a download link
 *   const receipt = await deliverBundle(route, release.id, [bundle, manifest]);
 *   …
 *   const outcome = await revokeDelivery(route, receipt);
 *
 * A route binds a registered destination (method and target) to the server's settings; the
 * target's credentials stay in the settings and never reach the database or a receipt.
 */
import type { DeliverySettings, DeliveryTarget } from '../config/delivery-settings';
import { DomainError } from '../domain/errors';
import { openAzureContainer } from './azure-container';
import { pushRelease } from './container-push';
import type { DeliveryItem, DeliveryReceipt, RevokeOutcome } from './delivery-item';
import { exportRelease } from './folder-export';
import type { ObjectContainer } from './object-container';
import { openS3Container } from './s3-container';

export type DeliveryRoute = { method: 'container_push'; target: DeliveryTarget } | { method: 'folder_export'; exportDir: string; subfolder: string };

/** What the release job knows of the package's registered destination. */
export interface DestinationForDelivery {
  method: 'link' | 'container_push' | 'folder_export';
  target: string | null;
}

/**
 * The route for a registered destination under the server's settings; null for a download link
 * (the links part serves it).
 * @throws DomainError `destination.target_unknown` or `destination.export_not_configured` when the
 *   settings changed since the destination was registered.
 */
export function deliveryRouteFor(destination: DestinationForDelivery, settings: DeliverySettings): DeliveryRoute | null {
  if (destination.method === 'link') return null;
  if (destination.method === 'container_push') {
    const target = settings.targets.get(destination.target ?? '');
    if (!target) throw new DomainError('destination.target_unknown', `The storage target "${destination.target}" is no longer configured on the server (DELIVERY_TARGETS)`);
    return { method: 'container_push', target };
  }
  if (!settings.exportDir) throw new DomainError('destination.export_not_configured', 'Folder export is not configured on this server (EXPORT_DIR is not set)');
  return { method: 'folder_export', exportDir: settings.exportDir, subfolder: destination.target ?? '' };
}

function containerFor(target: DeliveryTarget): ObjectContainer {
  return target.type === 's3' ? openS3Container(target) : openAzureContainer(target);
}

function releasePrefix(target: DeliveryTarget, releaseId: string): string {
  return [target.prefix, releaseId].filter((p) => p !== '').join('/');
}

/**
 * Delivers a release's files (the bundle, its manifest; encrypted beforehand where the tier asks)
 * and verifies them where they landed. Safe to repeat: what is already there with the right
 * hash is not written again (`alreadyPresent` in the receipt).
 * @throws DomainError `delivery.refused`, `delivery.unreachable`, `delivery.verification_failed`,
 *   `destination.target_invalid`, `file.hash_mismatch`/`file.size_mismatch` (the source is not what was declared).
 */
export async function deliverBundle(route: DeliveryRoute, releaseId: string, items: readonly DeliveryItem[]): Promise<DeliveryReceipt> {
  if (route.method === 'container_push') {
    const container = containerFor(route.target);
    const objects = await pushRelease(container, route.target.prefix, releaseId, items);
    return { method: 'container_push', target: route.target.name, location: `${container.locationOf(releasePrefix(route.target, releaseId))}/`, objects };
  }
  const { folder, objects } = await exportRelease(route.exportDir, route.subfolder, releaseId, items);
  return { method: 'folder_export', target: route.subfolder, location: folder, objects };
}

/**
 * Takes back what a delivery put somewhere, as far as the destination allows: a push target
 * configured with `allowDelete` has its objects deleted; otherwise the answer says so. A folder
 * export has been handed over: the recipient must delete it. Never throws for the destination's
 * failures (they are the `failed` outcome, with what was deleted before).
 */
export async function revokeDelivery(route: DeliveryRoute, receipt: DeliveryReceipt): Promise<RevokeOutcome> {
  if (route.method === 'folder_export') {
    return { outcome: 'recipient_must_delete', reason: `The release was exported to a folder (${route.subfolder}/…) handed over to the recipient: they must delete it` };
  }
  if (!route.target.allowDelete) {
    return { outcome: 'not_allowed', reason: `The storage target "${route.target.name}" is configured without allowDelete: ask the recipient to delete ${receipt.location}` };
  }
  const container = containerFor(route.target);
  const deleted: string[] = [];
  for (const object of receipt.objects) {
    try {
      await container.remove(object.key);
      deleted.push(object.key);
    } catch (error) {
      return { outcome: 'failed', reason: (error as Error).message, deleted };
    }
  }
  return { outcome: 'deleted', deleted };
}
