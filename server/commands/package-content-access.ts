/**
 * Content confinement in the commands (docs/design.md §5.2): where the request came from, the
 * content rule of policies/package-content.policy.ts applied to a stored file, the refusal of
 * files arriving from outside, and the audit record every content read leaves behind.
 */
import type { FileSource } from '../../common/vocab/statuses';
import { appendAudit } from '../db/audit.repository';
import type { FileVersionsTable, PackageFilesTable, PackagesTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { decideContentRead, decideIngest } from '../policies/package-content.policy';
import type { PackageSubject } from '../policies/package.policy';
import type { Decision } from '../policies/policy';
import { type CommandContext, auditBy, inTransaction } from './context';

/** Whether the request came from inside the environment's networks; the CLI and workers (no origin) run inside. */
export function isInside(ctx: CommandContext): boolean {
  return ctx.origin?.inside ?? true;
}

/** The content rule for one version (`versionNumber`) of a stored file, for the actor where they are. */
export function decideFileRead(ctx: CommandContext, subject: PackageSubject, file: PackageFilesTable, versionNumber: number): Decision {
  return decideContentRead({
    subject,
    inside: isInside(ctx),
    file: { role: file.role, removed: Number(file.removed) === 1, current: versionNumber === file.current_version },
  });
}

/** Throws the content rule's refusal (`content.*`) when the actor may not read this version from here. */
export function authorizeFileRead(ctx: CommandContext, subject: PackageSubject, file: PackageFilesTable, versionNumber: number): void {
  const decision = decideFileRead(ctx, subject, file, versionNumber);
  if (!decision.ok) throw new DomainError(decision.code, decision.reason);
}

/** Throws `ingest.outside_environment` when bytes from `source` would enter a package from outside the environment. */
export function authorizeIngest(ctx: CommandContext, source: FileSource): void {
  const decision = decideIngest(isInside(ctx), source);
  if (!decision.ok) throw new DomainError(decision.code, decision.reason);
}

/**
 * Audits a content read (`file.content_read`: the version, its path and hash, and the address it
 * was read from) in its own transaction, before any byte is sent: a read the log cannot record
 * does not happen. The actor label says whether a person or an API token read it.
 */
export async function recordContentRead(ctx: CommandContext, pkg: PackagesTable, file: PackageFilesTable, version: FileVersionsTable): Promise<void> {
  await inTransaction(ctx, (trx) =>
    appendAudit(
      trx,
      auditBy(
        ctx,
        'file.content_read',
        { type: 'package', id: pkg.id, projectId: pkg.project_id },
        {
          fileId: file.id,
          fileVersionId: version.id,
          path: file.path,
          versionNumber: version.number,
          sha256: version.sha256,
          address: ctx.origin?.address ?? null,
          inside: isInside(ctx),
          ...(ctx.actor.token ? { tokenId: ctx.actor.token.id } : {}),
        },
      ),
    ),
  );
}
