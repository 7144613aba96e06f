/**
 * `egress project output-area` on a real SQLite file: a system manager sets a project's output
 * area on the server, offline, audited as the CLI; refusals exit 2 with their code.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { createWorld } from '../testing/factories';
import type { Io } from './output';
import { runCli } from './program';

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async () => '', readStdin: async () => '' };
}

describe('egress project output-area', () => {
  let dir: string;
  let env: Record<string, string>;
  let projectId: string;
  const cli = (args: string[], io: Io) => runCli(['node', 'egress', 'project', 'output-area', ...args], io, async () => 99, env);
  const read = async () => {
    const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    try {
      const project = await handle.db.selectFrom('projects').select('output_area').where('id', '=', projectId).executeTakeFirstOrThrow();
      const events = await handle.db.selectFrom('audit_events').select(['action', 'actor_label', 'summary']).where('action', '=', 'project.output_area_set').execute();
      return { outputArea: project.output_area, events };
    } finally {
      await handle.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egress-cli-project-'));
    env = { DATA_DIR: dir };
    const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    await migrateToLatest(handle.db);
    projectId = (await createWorld(handle.db)).projectId;
    await handle.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sets and clears the output area as the CLI, audited', async () => {
    const io = captureIo();
    expect(await cli([projectId, dir], io)).toBe(0);
    expect(io.stdout).toEqual([`Project ${projectId} output area: ${dir}`]);
    const cleared = captureIo();
    expect(await cli([projectId, '--clear'], cleared)).toBe(0);
    const { outputArea, events } = await read();
    expect(outputArea).toBeNull();
    expect(events.map((e) => [e.actor_label, JSON.parse(e.summary)])).toEqual([
      ['cli: project output-area', { from: null, to: dir }],
      ['cli: project output-area', { from: dir, to: null }],
    ]);
  });

  it('refuses unknown URL schemes, missing folders and unknown projects with exit 2, changing nothing', async () => {
    const s3 = captureIo();
    expect(await cli([projectId, 'gs://bucket/outputs'], s3)).toBe(2);
    expect(s3.stderr[0]).toContain('(output_area.unsupported)');
    const missing = captureIo();
    expect(await cli([projectId, join(dir, 'missing')], missing)).toBe(2);
    expect(missing.stderr[0]).toContain('(output_area.not_found)');
    const unknown = captureIo();
    expect(await cli(['no-such-project', dir], unknown)).toBe(2);
    expect(unknown.stderr[0]).toContain('(project.not_found)');
    const neither = captureIo();
    expect(await cli([projectId], neither)).toBe(2);
    expect(neither.stderr[0]).toContain('(validation.invalid_input)');
    expect(await read()).toEqual({ outputArea: null, events: [] });
  });
});
