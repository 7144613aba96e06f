/**
 * The closure report over the API (docs/closure.md "Closure report"): whether a project has one,
 * its two stored documents' sha256 and sizes, the audit chain's head it states, and whether the
 * caller may download it. The documents themselves are served as `text/html` and
 * `application/pdf` (`GET /projects/:id/closure/report/html|pdf`).
 *
 * Example: `GET /projects/:id/closure/report` → `{ report: { pdf: { sha256: '…', bytes: 5120 }, … }, abilities: { download: true } }`.
 */
import { z } from 'zod';
import { PROJECT_STATUSES } from '../vocab/statuses';
import { idSchema, isoDateSchema } from './common.contract';

export const CLOSURE_REPORT_FORMATS = ['html', 'pdf'] as const;
export type ClosureReportFormat = (typeof CLOSURE_REPORT_FORMATS)[number];

const documentSchema = z.object({ sha256: z.string(), bytes: z.number().int() });

export const closureReportInfoSchema = z.object({
  projectId: idSchema,
  projectStatus: z.enum(PROJECT_STATUSES),
  /** Null until the project closed. */
  report: z
    .object({
      generatedAt: isoDateSchema,
      html: documentSchema,
      pdf: documentSchema,
      /** The audit chain's head the report states; the close event follows it. */
      chainHead: z.object({ seq: z.number().int(), hash: z.string() }),
    })
    .nullable(),
  abilities: z.object({ download: z.boolean() }),
});
export type ClosureReportInfo = z.infer<typeof closureReportInfoSchema>;
