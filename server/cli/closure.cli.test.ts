/**
 * `egress closure …` on a real SQLite file: the inventory taken in the CLI's process, the
 * checklist exiting 1 while anything is unaccounted for and 0 once everything is marked or
 * waived, marks and waivers audited as the CLI, and refusals exiting 2 with their code.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { cliRoot } from '../entrypoints/cli-root';
import { createWorld } from '../testing/factories';
import type { Io } from './output';
import { runCli } from './program';

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async () => '', readStdin: async () => '' };
}

describe('egress closure', () => {
  let dir: string;
  let area: string;
  let projectId: string;
  let wp: { ingress: string; report: string; handover: string };
  const cli = async (...args: string[]) => {
    const io = captureIo();
    const code = await runCli(
      ['node', 'egress', ...args],
      io,
      cliRoot(async () => 99),
      { DATA_DIR: dir },
    );
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egress-cli-closure-'));
    area = join(dir, 'output');
    await mkdir(join(area, 'scratch'), { recursive: true });
    await writeFile(join(area, 'scratch', 'a.tmp'), 'a');
    await writeFile(join(area, 'notes.txt'), 'notes');
    const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    try {
      await migrateToLatest(handle.db);
      ({ projectId, wp } = await createWorld(handle.db));
    } finally {
      await handle.close();
    }
    expect((await cli('project', 'output-area', projectId, area)).code).toBe(0);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the inventory, prints the checklist with exit 1 until everything is accounted for, then exit 0', async () => {
    expect(await cli('closure', 'refresh', projectId)).toMatchObject({ code: 0, out: 'Inventory done: 2 files, 2 hashed, 0 unchanged, 0 gone, 0 skipped, 0 unreadable' });
    const open = await cli('closure', 'checklist', projectId, '--json');
    expect(open.code).toBe(1);
    expect(JSON.parse(open.out).gapCounts).toEqual({ 'closure.file_unaccounted': 2, 'closure.recommended_package_open': 2, 'closure.work_package_unclassified': 3 });

    expect(await cli('closure', 'mark', projectId, '--folder', 'scratch', '--fate', 'discarded', '--reason', 'Temporary files')).toMatchObject({
      code: 0,
      out: '1 files matched; 1 marked discarded; 0 egressed files left alone',
    });
    expect((await cli('closure', 'mark', projectId, '--path', 'notes.txt', '--fate', 'retained', '--reason', 'Stays inside')).code).toBe(0);
    for (const [code, item] of [
      ['closure.recommended_package_open', wp.report],
      ['closure.recommended_package_open', wp.handover],
      ['closure.work_package_unclassified', wp.ingress],
      ['closure.work_package_unclassified', wp.report],
      ['closure.work_package_unclassified', wp.handover],
    ] as const) {
      expect((await cli('closure', 'waive', projectId, '--code', code, '--item', item, '--reason', 'A demonstration project')).code).toBe(0);
    }
    const done = await cli('project', 'closure', projectId);
    expect(done.code).toBe(0);
    expect(done.out).toContain('everything is accounted for; it may close');

    const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    try {
      const events = await handle.db.selectFrom('audit_events').select(['action', 'actor_label']).where('action', 'in', ['closure.files_marked', 'closure.item_waived']).execute();
      expect(events).toHaveLength(7);
      expect(new Set(events.map((e) => e.actor_label))).toEqual(new Set(['cli: closure mark', 'cli: closure waive']));
    } finally {
      await handle.close();
    }
  });

  it('refuses a waiver without a reason and a file waiver with exit 2 and the code', async () => {
    const blank = await cli('closure', 'waive', projectId, '--code', 'closure.recommended_package_open', '--item', wp.report, '--reason', ' ');
    expect(blank).toMatchObject({ code: 2 });
    expect(blank.err).toContain('(closure.reason_required)');
    const file = await cli('closure', 'waive', projectId, '--code', 'closure.file_unaccounted', '--item', 'notes.txt', '--reason', 'r', '--json');
    expect(file.code).toBe(2);
    expect(JSON.parse(file.out).error.code).toBe('closure.not_waivable');
    expect((await cli('closure', 'checklist', 'no-such-project')).code).toBe(2);
  });
});
