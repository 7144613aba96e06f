/**
 * Closing a project with its closure report (docs/closure.md "Closure report"). The report is
 * rendered (HTML and PDF) and stored as two immutable blobs BEFORE the closing transaction, so
 * no slow work runs under the project's lock; inside it, under the lock, the checklist is
 * checked again, the report's content is read again and must be exactly what was rendered
 * (otherwise the project changed meanwhile: render again, up to three times, then
 * `closure.report_stale`), and the report's row, its audit event `closure_report.stored` (both
 * sha256) and the status change `project.closed` commit together. A rendering that did not close
 * the project leaves only unreferenced content-addressed blobs behind.
 *
 * Example: `closeProjectWithReport(ctx, reports, projectId, version)` → the project is closed and
 * `GET /projects/:id/closure/report/pdf` serves the PDF whose sha256 the audit chain holds.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { canonicalJson } from '../../common/canonical-json';
import { PROJECT_TRANSITIONS } from '../../common/workflow/project.workflow';
import { insertClosureReport } from '../db/closure-reports.repository';
import { findProject, lockProject, updateProjectStatus } from '../db/projects.repository';
import type { Db, ProjectsTable, Tx } from '../db/schema';
import { type ClosureReport, reportSubstance } from '../domain/closure/closure-report';
import { renderClosureReportHtml } from '../domain/closure/closure-report-html';
import { DomainError } from '../domain/errors';
import type { BlobStore, StoredBlob } from '../ports/blob-store';
import type { ClosureReportRenderer } from '../ports/closure-report-renderer';
import { loadClosureReport } from './closure-report.load';
import { assertClosureComplete } from './closure.queries';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';

/** What closing a project needs beyond the database: where the report goes and who draws its PDF. */
export interface ClosureReportServices {
  blobs: BlobStore;
  reportRenderer: ClosureReportRenderer;
}

/** How often the close renders the report again when the project changed while it rendered. */
const RENDER_ATTEMPTS = 3;

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const substanceHash = (report: ClosureReport) => sha256(canonicalJson(reportSubstance(report)));

interface PreparedReport {
  report: ClosureReport;
  substance: string;
  html: StoredBlob;
  pdf: StoredBlob;
}

async function storeBytes(blobs: BlobStore, bytes: Buffer): Promise<StoredBlob> {
  return blobs.put(Readable.from([bytes]), { expectedSha256: sha256(bytes), expectedBytes: bytes.length });
}

/** Loads, renders and stores the report of `project` as of `at` (outside any transaction). */
async function prepareClosureReport(db: Db, services: ClosureReportServices, project: ProjectsTable, at: string, closedBy: string): Promise<PreparedReport> {
  const report = await loadClosureReport(db, project, at, closedBy);
  const html = await storeBytes(services.blobs, Buffer.from(renderClosureReportHtml(report), 'utf8'));
  const pdf = await storeBytes(services.blobs, await services.reportRenderer.pdf(report));
  return { report, substance: substanceHash(report), html, pdf };
}

/**
 * Inside the closing transaction: checks that the project still reads as the report says, then
 * records the report with its audit event. Throws `closure.report_stale` when it does not.
 */
async function recordClosureReport(trx: Tx, ctx: CommandContext, project: ProjectsTable, prepared: PreparedReport): Promise<void> {
  const again = await loadClosureReport(trx, project, prepared.report.generatedAt, prepared.report.closedBy);
  if (substanceHash(again) !== prepared.substance) {
    throw new DomainError('closure.report_stale', 'The project changed while its closure report was being written; close it again');
  }
  const head = prepared.report.audit.chainHead;
  await insertClosureReport(
    trx,
    {
      project_id: project.id,
      generated_at: prepared.report.generatedAt,
      generated_by: ctx.actor.userId,
      html_sha256: prepared.html.sha256,
      html_bytes: prepared.html.bytes,
      pdf_sha256: prepared.pdf.sha256,
      pdf_bytes: prepared.pdf.bytes,
      chain_head_seq: head.seq,
      chain_head_hash: head.hash,
    },
    auditBy(
      ctx,
      'closure_report.stored',
      { type: 'project', id: project.id, projectId: project.id },
      { htmlSha256: prepared.html.sha256, htmlBytes: prepared.html.bytes, pdfSha256: prepared.pdf.sha256, pdfBytes: prepared.pdf.bytes, chainHeadSeq: head.seq, chainHeadHash: head.hash },
    ),
  );
}

/**
 * Closes a closing project (`closing → closed`) once its closure checklist is complete, with its
 * closure report. The caller has authorized the transition. Throws the first gap's code
 * (`closure.…`), `conflict.stale_version`, `workflow.invalid_transition` or `closure.report_stale`.
 */
export async function closeProjectWithReport(ctx: CommandContext, services: ClosureReportServices, projectId: string, version: number): Promise<void> {
  const transition = PROJECT_TRANSITIONS.find((t) => t.action === 'close');
  if (!transition) throw new Error('The project workflow has no close transition');
  for (let attempt = 1; ; attempt++) {
    const project = (await findProject(ctx.db, projectId)) as ProjectsTable;
    if (project.status !== transition.from) {
      throw new DomainError('workflow.invalid_transition', `A ${project.status} project cannot close`, { from: project.status, action: 'close' });
    }
    if (project.version !== version) throw new DomainError('conflict.stale_version', 'This project was changed by someone else; reload it and try again', { expectedVersion: version });
    // Refuse a project with gaps before rendering anything; checked again under the lock below.
    await assertClosureComplete(ctx.db, project, nowIso(ctx));
    const prepared = await prepareClosureReport(ctx.db, services, project, nowIso(ctx), ctx.actor.label);
    try {
      await inTransaction(ctx, async (trx) => {
        await lockProject(trx, projectId);
        const locked = (await findProject(trx, projectId)) as ProjectsTable;
        const { waivers } = await assertClosureComplete(trx, locked, nowIso(ctx));
        await recordClosureReport(trx, ctx, locked, prepared);
        await updateProjectStatus(
          trx,
          projectId,
          version,
          transition.to,
          auditBy(
            ctx,
            transition.event,
            { type: 'project', id: projectId, projectId },
            { from: transition.from, to: transition.to, waivers, reportHtmlSha256: prepared.html.sha256, reportPdfSha256: prepared.pdf.sha256 },
          ),
        );
      });
      return;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'closure.report_stale' && attempt < RENDER_ATTEMPTS) continue;
      throw error;
    }
  }
}
