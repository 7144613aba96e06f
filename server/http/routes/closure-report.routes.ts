/**
 * A closed project's closure report over the API (docs/closure.md "Closure report"), signed-in
 * sessions only (no API token):
 * - `GET /projects/:projectId/closure/report`: whether it exists, its two documents' sha256 and
 *   sizes, the audit chain head it states, and whether you may download it (anyone who sees the project);
 * - `GET /projects/:projectId/closure/report/html` and `…/pdf`: the document as an attachment,
 *   verified against its recorded sha256 (the project's managers; `closure.report_not_ready` before closure).
 * Mounted with the package services (the blob store holds the documents).
 */
import { z } from 'zod';
import { CLOSURE_REPORT_FORMATS, closureReportInfoSchema } from '../../../common/contracts/closure-report.contract';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { getClosureReportInfo, readClosureReport } from '../../commands/closure-report.queries';
import type { BlobStore } from '../../ports/blob-store';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { attachmentDisposition } from './package-content.routes';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const params = z.object({ projectId: idSchema });
const tags = ['closure'];

export function closureReportRoutes(app: App, deps: AuthDeps, services: { blobs: BlobStore }): void {
  app.get(
    '/projects/:projectId/closure/report',
    { schema: { tags, summary: 'Whether the project has its closure report, with the sha256 of its HTML and PDF', params, response: { 200: closureReportInfoSchema, ...refusals } } },
    async (request) => getClosureReportInfo(contextOf(deps, request), request.params.projectId),
  );

  for (const format of CLOSURE_REPORT_FORMATS) {
    app.get(
      `/projects/:projectId/closure/report/${format}`,
      {
        schema: {
          tags,
          summary: `The closure report as ${format.toUpperCase()}, as an attachment (the project's managers, once it closed)`,
          params,
          response: { 200: z.unknown().describe(`The report's ${format.toUpperCase()} bytes`), ...refusals },
        },
      },
      async (request, reply) => {
        const doc = await readClosureReport(contextOf(deps, request), services.blobs, request.params.projectId, format);
        reply.headers({
          'content-type': doc.contentType,
          'content-disposition': attachmentDisposition(doc.filename),
          'content-length': String(doc.bytes.length),
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
          'cache-control': 'private, no-store',
          etag: `"sha256-${doc.sha256}"`,
        });
        return reply.send(doc.bytes);
      },
    );
  }
}
