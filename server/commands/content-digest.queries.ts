/**
 * Loading a package's content digest (server/domain/review/content-digest.ts): two queries
 * whatever the number of files (the current outputs with their hash, the open register) plus
 * the work package's agreed tier and the chosen registered destination. What a sign-off is bound to.
 */
import { listDigestFiles, listOpenRegister } from '../db/content-digest.repository';
import type { Db, PackagesTable, WorkPackagesTable } from '../db/schema';
import { findWorkPackage } from '../db/work-packages.repository';
import { type ContentDigestInput, contentDigest } from '../domain/review/content-digest';
import { readContext } from './package-context';
import { digestDestination, loadPackageDestination } from './package-destination.queries';

export interface LoadedDigest {
  digest: string;
  /** The current output files the digest covers (not removed, not supporting), with their current version's number. */
  files: { id: string; path: string; sha256: string; version: number }[];
}

/** The digest's inputs as loaded: the files with their ids and current version, the register as stored. */
export interface LoadedDigestInputs extends Omit<ContentDigestInput, 'files' | 'removed'> {
  files: LoadedDigest['files'];
  removed: { path: string; version: number; reason: string; outcome: string | null }[];
}

/** What the digest is computed from, for a package whose work package is already loaded (the bundle manifest embeds it). */
export async function loadDigestInputs(db: Db, pkg: PackagesTable, workPackage: WorkPackagesTable): Promise<LoadedDigestInputs> {
  const files = await listDigestFiles(db, pkg.id);
  const removed = await listOpenRegister(db, pkg.id);
  const context = readContext(pkg);
  const agreed = workPackage.status === 'classified' && workPackage.tier !== null;
  return {
    files,
    context,
    removed,
    tier: { tier: agreed ? Number(workPackage.tier) : null, policyVersion: agreed && workPackage.policy_version !== null ? Number(workPackage.policy_version) : null },
    destination: digestDestination(await loadPackageDestination(db, pkg)),
  };
}

/** The digest and the files it covers, for a package whose work package is already loaded. */
export async function loadDigestWith(db: Db, pkg: PackagesTable, workPackage: WorkPackagesTable): Promise<LoadedDigest> {
  const inputs = await loadDigestInputs(db, pkg, workPackage);
  return { digest: contentDigest(inputs), files: inputs.files };
}

/** The package's current content digest. */
export async function loadContentDigest(db: Db, pkg: PackagesTable): Promise<string> {
  const workPackage = (await findWorkPackage(db, pkg.id)) as WorkPackagesTable;
  return (await loadDigestWith(db, pkg, workPackage)).digest;
}
