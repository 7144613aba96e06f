/** Reading, verifying and exporting the audit log. */
import type { AuditEvent } from '../../common/contracts/audit.contract';
import { type ChainVerification, listAuditEvents, streamAuditRows, toAuditEvent, verifyAuditChain } from '../db/audit.repository';
import { authorizeSession } from '../policies/session.policy';
import type { CommandContext } from './context';
import { loadProjectFor } from './projects.commands';

/** A project's audit trail, newest first. Throws `project.not_found` when the caller cannot see it. */
export async function listProjectAudit(ctx: CommandContext, projectId: string, page: { before?: number; limit: number }): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
  await loadProjectFor(ctx, projectId, 'viewAudit');
  const events = await listAuditEvents(ctx.db, { projectId, limit: page.limit, ...(page.before ? { before: page.before } : {}) });
  const last = events[events.length - 1];
  return { events, nextBefore: events.length === page.limit && last ? last.seq : null };
}

/** Checks the whole chain (system managers and the CLI). */
export async function verifyAudit(ctx: CommandContext): Promise<ChainVerification> {
  authorizeSession('viewAllAudit', ctx.actor);
  return verifyAuditChain(ctx.db);
}

/** Every event, oldest first, as they are stored (for JSON-lines export). */
export async function* exportAudit(ctx: CommandContext): AsyncGenerator<AuditEvent> {
  authorizeSession('viewAllAudit', ctx.actor);
  for await (const row of streamAuditRows(ctx.db)) yield toAuditEvent(row);
}
