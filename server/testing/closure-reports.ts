/**
 * The closure report's services for tests that close a project without package services: a
 * file blob store in a temporary folder (one per test process) and the real PDF renderer.
 * Tests with package services pass `world.services` instead.
 *
 * Example: `await changeProjectStatus(ctx, projectId, 'close', { version }, await testClosureReports());`
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClosureReportServices } from '../commands/closure-report.commands';
import { closureReportRenderer } from '../reports/closure-report-pdf';
import { openBlobStore } from '../storage/open-blob-store';

let shared: Promise<ClosureReportServices> | undefined;

async function open(): Promise<ClosureReportServices> {
  const root = await mkdtemp(join(tmpdir(), 'egress-closure-reports-'));
  const blobs = openBlobStore({ url: `file:${join(root, 'blobs')}`, quotaBytes: 0 });
  await blobs.ready();
  return { blobs, reportRenderer: closureReportRenderer() };
}

/** The process's closure report services for tests. */
export function testClosureReports(): Promise<ClosureReportServices> {
  shared ??= open();
  return shared;
}
