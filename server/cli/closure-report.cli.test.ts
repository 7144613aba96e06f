/**
 * `egress closure report` on a real SQLite file: refused before the project closed; once closed,
 * the HTML to stdout and the PDF to a file, each the bytes whose sha256 the audit chain holds.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeProjectStatus } from '../commands/projects.commands';
import { type DatabaseHandle, openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { cliRoot } from '../entrypoints/cli-root';
import { closureReportRenderer } from '../reports/closure-report-pdf';
import { openBlobStore } from '../storage/open-blob-store';
import { waiveAllGaps } from '../testing/closure';
import { type World, createWorld } from '../testing/factories';
import type { Io } from './output';
import { runCli } from './program';

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async () => '', readStdin: async () => '' };
}

describe('egress closure report', () => {
  let dir: string;
  let projectId: string;
  let handle: DatabaseHandle;
  let world: World;
  const cli = (args: string[], io: Io) =>
    runCli(
      ['node', 'egress', 'closure', 'report', ...args],
      io,
      cliRoot(async () => 99),
      { DATA_DIR: dir },
    );

  /** Closes the world's project with its report stored where the CLI looks (DATA_DIR/blobs). */
  async function closeProject(): Promise<{ html: string; pdf: string }> {
    const ctx = world.users.programme?.ctx as NonNullable<World['users']['programme']>['ctx'];
    const reports = { blobs: openBlobStore({ url: `file:${join(dir, 'blobs')}`, quotaBytes: 0 }), reportRenderer: closureReportRenderer() };
    await reports.blobs.ready();
    await changeProjectStatus(ctx, projectId, 'start_closing', { version: 1 }, undefined);
    await waiveAllGaps(world);
    await changeProjectStatus(ctx, projectId, 'close', { version: 2 }, reports);
    const row = await handle.db.selectFrom('closure_reports').selectAll().where('project_id', '=', projectId).executeTakeFirstOrThrow();
    return { html: row.html_sha256, pdf: row.pdf_sha256 };
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egress-cli-closure-report-'));
    handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    await migrateToLatest(handle.db);
    world = await createWorld(handle.db);
    projectId = world.projectId;
  });
  afterEach(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses before the project closed, then writes the HTML to stdout and the PDF to a file, each with its recorded sha256', async () => {
    const early = captureIo();
    expect(await cli([projectId], early)).toBe(2);
    expect(early.stderr.join('\n')).toContain('(closure.report_not_ready)');

    const sha = await closeProject();
    const html = captureIo();
    expect(await cli([projectId], html)).toBe(0);
    const text = html.stdout.join('');
    expect(text).toContain('<h1>Closure report: Test project</h1>');
    // stdout (io.out adds the newline) carries exactly the recorded bytes.
    expect(createHash('sha256').update(`${text}\n`).digest('hex')).toBe(sha.html);

    const noOut = captureIo();
    expect(await cli([projectId, '--pdf'], noOut)).toBe(2);
    expect(noOut.stderr.join('\n')).toContain('--out FILE');

    const out = join(dir, 'report.pdf');
    const pdf = captureIo();
    expect(await cli([projectId, '--pdf', '--out', out], pdf)).toBe(0);
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha.pdf);
    expect(pdf.stderr.join('\n')).toContain(`sha256 ${sha.pdf}`);
  });
});
