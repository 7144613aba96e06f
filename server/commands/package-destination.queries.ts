/**
 * Where a package goes, as the guards and the content digest read it: its registered destination
 * when one is chosen (kind, delivery method, recipient key fingerprint), else only the kind of
 * destination its context names. The registered destination's kind is the one the tier is checked
 * against (guard `destination_allowed`).
 */
import type { DestinationKind } from '../../common/vocab/destinations';
import { findDestination } from '../db/destinations.repository';
import type { Db, DestinationsTable, PackagesTable } from '../db/schema';
import { readContext } from './package-context';

export interface PackageDestination {
  kind: DestinationKind | null;
  /** The chosen registered destination, or null when none is chosen yet. */
  registered: DestinationsTable | null;
}

/** The package's destination (one query when a registered destination is chosen, none otherwise). */
export async function loadPackageDestination(db: Db, pkg: PackagesTable): Promise<PackageDestination> {
  const registered = pkg.destination_id ? ((await findDestination(db, pkg.destination_id)) ?? null) : null;
  return { kind: registered ? (registered.kind as DestinationKind) : readContext(pkg).destinationKind, registered };
}

/** The destination part of the content digest (server/domain/review/content-digest.ts). */
export function digestDestination(destination: PackageDestination): {
  kind: DestinationKind | null;
  registeredDestination: string | null;
  deliveryMethod: string | null;
  recipientKeyFingerprint: string | null;
} {
  const { registered } = destination;
  return {
    kind: destination.kind,
    registeredDestination: registered?.id ?? null,
    deliveryMethod: registered?.method ?? null,
    recipientKeyFingerprint: registered?.recipient_key_fingerprint ?? null,
  };
}

/** The registered destination as the guards read it. */
export function destinationFacts(destination: PackageDestination): { kind: DestinationKind; method: string; hasRecipientKey: boolean; retired: boolean } | null {
  const { registered } = destination;
  return registered ? { kind: registered.kind as DestinationKind, method: registered.method, hasRecipientKey: registered.recipient_key !== null, retired: registered.retired_at !== null } : null;
}
