/**
 * The facts the notification hooks and checks read that span several tables (docs/notifications.md):
 * the live download links expiring in a window, and a work package's data provider representatives.
 */
import type { Db, Tx } from './schema';

export interface ExpiringLink {
  link_id: string;
  expires_at: string;
  destination_id: string | null;
  package_id: string;
  what: string;
  project: string;
}

/** Live links (package released, release and link not revoked, downloads left) expiring in `(after, until]`. */
export async function listExpiringLinks(db: Db, after: string, until: string): Promise<ExpiringLink[]> {
  return db
    .selectFrom('release_links')
    .innerJoin('releases', 'releases.id', 'release_links.release_id')
    .innerJoin('packages', 'packages.id', 'releases.package_id')
    .innerJoin('work_packages', 'work_packages.id', 'packages.id')
    .innerJoin('projects', 'projects.id', 'packages.project_id')
    .select(['release_links.id as link_id', 'release_links.expires_at', 'releases.destination_id', 'packages.id as package_id', 'work_packages.name as what', 'projects.name as project'])
    .where('packages.status', '=', 'released')
    .where('releases.revoked_at', 'is', null)
    .where('release_links.revoked_at', 'is', null)
    .where((eb) => eb('release_links.downloads', '<', eb.ref('release_links.max_downloads')))
    .where('release_links.expires_at', '>', after)
    .where('release_links.expires_at', '<=', until)
    .execute();
}

/** The active data provider representatives of the work package's datasets. */
export async function listWorkPackageDprs(db: Db | Tx, workPackageId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('work_package_datasets')
    .innerJoin('datasets', 'datasets.id', 'work_package_datasets.dataset_id')
    .innerJoin('participants', (join) =>
      join.onRef('participants.user_id', '=', 'datasets.representative_user_id').onRef('participants.project_id', '=', 'datasets.project_id').on('participants.removed_at', 'is', null),
    )
    .select('datasets.representative_user_id as id')
    .where('work_package_datasets.work_package_id', '=', workPackageId)
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}

/** The work package's and its project's names, for titles. */
export async function findNamesOf(db: Db | Tx, workPackageId: string): Promise<{ what: string; project: string }> {
  return db
    .selectFrom('work_packages')
    .innerJoin('projects', 'projects.id', 'work_packages.project_id')
    .select(['work_packages.name as what', 'projects.name as project'])
    .where('work_packages.id', '=', workPackageId)
    .executeTakeFirstOrThrow();
}
