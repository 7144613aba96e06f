/**
 * Where a release was delivered (docs/delivery.md), for the package page: the receipt the release
 * job recorded in its `release.step_reached` event when the attempt reached `delivered`
 * (server/commands/release-stage.ts) — the location and every object with the sha256 it read back.
 * Null for a download link, and before the delivery.
 */
import { type ReleaseDelivery, releaseDeliverySchema } from '../../common/contracts/releases.contract';
import type { Release } from '../db/releases.repository';
import type { Db } from '../db/schema';

const recorded = releaseDeliverySchema.omit({ at: true });

export async function releaseDeliveryOf(db: Db, release: Release): Promise<ReleaseDelivery | null> {
  if (release.method === 'link') return null;
  const events = await db
    .selectFrom('audit_events')
    .select(['at', 'summary'])
    .where('action', '=', 'release.step_reached')
    .where('object_type', '=', 'package')
    .where('object_id', '=', release.packageId)
    .orderBy('seq', 'desc')
    .execute();
  for (const event of events) {
    const summary = JSON.parse(event.summary) as { releaseId?: unknown; to?: unknown };
    if (summary.releaseId !== release.id || summary.to !== 'delivered') continue;
    const receipt = recorded.safeParse(summary);
    return receipt.success ? { location: receipt.data.location, objects: receipt.data.objects.map(({ name, sha256, bytes }) => ({ name, sha256, bytes })), at: event.at } : null;
  }
  return null;
}
