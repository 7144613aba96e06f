/**
 * A package's history: the audit events recorded against it (files added, context edited,
 * status moves, integrity failures), newest first, a page at a time. Anyone who can see the
 * package can read its history, as anyone who can see a project can read the project's trail.
 */
import type { AuditEvent } from '../../common/contracts/audit.contract';
import { listAuditEvents } from '../db/audit.repository';
import type { CommandContext } from './context';
import { loadPackageFor } from './package-access';

/**
 * One page of the package's audit events, newest first; pass `nextBefore` as `before` for the
 * next page. Throws `package.not_found` for an unknown package or one the caller cannot see.
 */
export async function listPackageHistory(ctx: CommandContext, packageId: string, page: { before?: number; limit: number }): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
  const { pkg } = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const events = await listAuditEvents(ctx.db, {
    // The project narrows the search to the project's index; the object picks the package's events.
    projectId: pkg.project_id,
    object: { type: 'package', id: pkg.id },
    limit: page.limit,
    ...(page.before ? { before: page.before } : {}),
  });
  const last = events.at(-1);
  return { events, nextBefore: events.length === page.limit && last ? last.seq : null };
}
