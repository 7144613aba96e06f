/**
 * Turns a closure report (server/domain/closure/closure-report.ts) into a PDF. The HTML is pure
 * string work done in domain/; the PDF needs a layout library (pdfkit, server/reports), wired in
 * server/entrypoints. No browser: the server renders it itself.
 */
import type { ClosureReport } from '../domain/closure/closure-report';

export interface ClosureReportRenderer {
  /** The report as a PDF document; the same report gives the same bytes. */
  pdf(report: ClosureReport): Promise<Buffer>;
}
