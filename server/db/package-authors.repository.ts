/**
 * The author team of a package (docs/design.md §5.2): everyone who submitted it, added any of its
 * file versions, edited its context, or held an investigator or researcher role on the project
 * while it was a draft (or returned). Rows are only added: a later role change never takes
 * anyone off the team, so nobody becomes a reviewer of their own work.
 */
import type { Db, Tx } from './schema';

export const AUTHOR_REASONS = ['submitted', 'added_file', 'edited_context', 'draft_role'] as const;
export type AuthorReason = (typeof AUTHOR_REASONS)[number];

/** Records that `userId` is on the author team for `reason` (once per reason; later calls change nothing). */
export async function recordAuthor(trx: Tx, packageId: string, userId: string | null, reason: AuthorReason, at: string): Promise<void> {
  if (userId === null) return;
  await trx
    .insertInto('package_authors')
    .values({ package_id: packageId, user_id: userId, reason, first_at: at })
    .onConflict((oc) => oc.columns(['package_id', 'user_id', 'reason']).doNothing())
    .execute();
}

/**
 * Records every investigator and researcher of the project whose participation overlapped the
 * package's editable time (from its creation until now): called when it is submitted or resubmitted.
 */
export async function recordDraftRoles(trx: Tx, packageId: string, projectId: string, since: string, at: string): Promise<void> {
  const holders = await trx
    .selectFrom('participants')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('role', 'in', ['investigator', 'researcher'])
    .where((eb) => eb.or([eb('removed_at', 'is', null), eb('removed_at', '>', since)]))
    .execute();
  for (const h of new Set(holders.map((r) => r.user_id))) await recordAuthor(trx, packageId, h, 'draft_role', at);
}

/** The ids of everyone on the package's author team. */
export async function listAuthorTeam(db: Db, packageId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('package_authors').select('user_id').where('package_id', '=', packageId).execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Whether `userId` is on the package's author team. */
export async function isOnAuthorTeam(db: Db, packageId: string, userId: string | null): Promise<boolean> {
  if (userId === null) return false;
  const row = await db.selectFrom('package_authors').select('user_id').where('package_id', '=', packageId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}
