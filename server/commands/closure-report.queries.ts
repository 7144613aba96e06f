/**
 * Reading a closed project's closure report (docs/closure.md "Closure report"): whether it exists
 * with its hashes (anyone who sees the project), and its HTML or PDF, read back from the blob
 * store and verified against the sha256 the audit chain holds (the project's managers only:
 * server/policies/closure-report.policy.ts).
 *
 * Example: `await readClosureReport(ctx, blobs, projectId, 'pdf')` → `{ bytes, sha256, filename: 'closure-report-….pdf', contentType: 'application/pdf' }`.
 */
import type { ClosureReportFormat, ClosureReportInfo } from '../../common/contracts/closure-report.contract';
import { findClosureReport } from '../db/closure-reports.repository';
import { findActiveRole, findProject } from '../db/projects.repository';
import type { ProjectsTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { tokenReaches } from '../policies/api-token.policy';
import { type ClosureReportAction, authorizeClosureReport, closureReportAbilities } from '../policies/closure-report.policy';
import type { ProjectRole } from '../../common/vocab/roles';
import type { BlobStore } from '../ports/blob-store';
import type { CommandContext } from './context';

async function loadFor(ctx: CommandContext, projectId: string, action: ClosureReportAction): Promise<{ project: ProjectsTable; role: ProjectRole | null }> {
  if (!tokenReaches(ctx.actor, projectId)) throw new DomainError('project.not_found', 'No such project');
  const project = await findProject(ctx.db, projectId);
  if (!project) throw new DomainError('project.not_found', 'No such project');
  const role = ctx.actor.userId ? await findActiveRole(ctx.db, projectId, ctx.actor.userId) : null;
  authorizeClosureReport(action, { actor: ctx.actor, role, status: project.status });
  return { project, role };
}

/** Whether the project has a closure report, its hashes, and whether the caller may download it. */
export async function getClosureReportInfo(ctx: CommandContext, projectId: string): Promise<ClosureReportInfo> {
  const { project, role } = await loadFor(ctx, projectId, 'view');
  const row = await findClosureReport(ctx.db, projectId);
  const abilities = closureReportAbilities({ actor: ctx.actor, role, status: project.status });
  return {
    projectId,
    projectStatus: project.status,
    report: row
      ? {
          generatedAt: row.generated_at,
          html: { sha256: row.html_sha256, bytes: Number(row.html_bytes) },
          pdf: { sha256: row.pdf_sha256, bytes: Number(row.pdf_bytes) },
          chainHead: { seq: Number(row.chain_head_seq), hash: row.chain_head_hash },
        }
      : null,
    abilities: { download: abilities.download && row !== undefined },
  };
}

export interface ClosureReportDocument {
  bytes: Buffer;
  sha256: string;
  filename: string;
  contentType: string;
}

/**
 * The report's HTML or PDF, verified against its recorded sha256 as it is read. Throws
 * `project.not_found`, `auth.forbidden`, `closure.report_not_ready` (not closed, or closed before
 * reports were written) or `storage.integrity`.
 */
export async function readClosureReport(ctx: CommandContext, blobs: BlobStore, projectId: string, format: ClosureReportFormat): Promise<ClosureReportDocument> {
  await loadFor(ctx, projectId, 'download');
  const row = await findClosureReport(ctx.db, projectId);
  if (!row) throw new DomainError('closure.report_not_ready', 'This project closed before closure reports were written; it has none');
  const sha256 = format === 'pdf' ? row.pdf_sha256 : row.html_sha256;
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.open(sha256)) chunks.push(chunk as Buffer);
  return {
    bytes: Buffer.concat(chunks),
    sha256,
    filename: `closure-report-${projectId}.${format}`,
    contentType: format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
  };
}
