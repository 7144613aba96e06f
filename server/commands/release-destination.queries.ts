/**
 * Where a release goes, as the content digest records it (so the manifest's destination is the
 * one the sign-offs were bound to): the destination's kind, the registered destination, its
 * delivery method (a download link when none is registered) and the recipient's key.
 */
import type { BundleManifest } from '../../common/bundle/format';
import { RELEASE_METHODS, type ReleaseMethod } from '../../common/vocab/release';
import { findPackage } from '../db/packages.repository';
import type { Db } from '../db/schema';
import { DomainError } from '../domain/errors';
import { digestDestination, loadPackageDestination } from './package-destination.queries';

const isMethod = (value: string | null): value is ReleaseMethod => value !== null && (RELEASE_METHODS as readonly string[]).includes(value);

/** The package's destination for its manifest; refused with `release.no_destination` when no destination kind was chosen. */
export async function releaseDestinationOf(db: Db, packageId: string): Promise<BundleManifest['destination']> {
  const pkg = await findPackage(db, packageId);
  if (!pkg) throw new DomainError('package.not_found', 'No such package');
  const loaded = await loadPackageDestination(db, pkg);
  const destination = digestDestination(loaded);
  if (!destination.kind) throw new DomainError('release.no_destination', 'Choose where the package goes before releasing it');
  return {
    kind: destination.kind,
    id: destination.registeredDestination,
    name: loaded.registered?.name ?? null,
    method: isMethod(destination.deliveryMethod) ? destination.deliveryMethod : 'link',
    recipientKeyFingerprint: destination.recipientKeyFingerprint,
  };
}
