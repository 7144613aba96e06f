/**
 * `egress project output-area` and `egress project check-settings` on a real SQLite file: a
 * system manager changes a project's settings on the server, offline, audited as the CLI;
 * refusals exit 2 with their code and change nothing.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { createWorld } from '../testing/factories';
import type { Io } from './output';
import { runCli } from './program';
import { cliRoot } from '../entrypoints/cli-root';
import { type CheckSettingsCliOptions, projectCheckSettingsCommand } from './project.cli';

function captureIo(files: Record<string, string> = {}): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const readFile = async (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
    return text;
  };
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile, readStdin: async () => '' };
}

/** A new folder holding a migrated SQLite database (egress.db) with the test world in it. */
async function worldOnDisk(prefix: string): Promise<{ dir: string; projectId: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
  try {
    await migrateToLatest(handle.db);
    return { dir, projectId: (await createWorld(handle.db)).projectId };
  } finally {
    await handle.close();
  }
}

describe('egress project output-area', () => {
  let dir: string;
  let env: Record<string, string>;
  let projectId: string;
  const cli = (args: string[], io: Io) =>
    runCli(
      ['node', 'egress', 'project', 'output-area', ...args],
      io,
      cliRoot(async () => 99),
      env,
    );
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
    ({ dir, projectId } = await worldOnDisk('egress-cli-project-'));
    env = { DATA_DIR: dir };
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

describe('egress project check-settings', () => {
  let dir: string;
  let projectId: string;
  const run = (io: Io, options: Partial<CheckSettingsCliOptions> = {}, project = projectId) =>
    projectCheckSettingsCommand(io, { config: loadConfig({ DATA_DIR: dir, CHECK_PRESET: 'abs' }), root: cliRoot(async () => 99) }, project, { reset: false, json: false, ...options });
  const events = async () => {
    const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    try {
      const rows = await handle.db.selectFrom('audit_events').select(['actor_label', 'summary']).where('action', '=', 'project.check_settings_changed').orderBy('seq').execute();
      return rows.map((r) => [r.actor_label, JSON.parse(r.summary).to]);
    } finally {
      await handle.close();
    }
  };
  const shown = async () => {
    const io = captureIo();
    expect(await run(io, { json: true })).toBe(0);
    return JSON.parse(io.stdout.join('\n'));
  };

  beforeEach(async () => {
    ({ dir, projectId } = await worldOnDisk('egress-cli-checks-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the installation default applying everywhere, then sets the project and a tier, audited as the CLI', async () => {
    const first = captureIo();
    expect(await run(first)).toBe(0);
    expect(first.stdout).toEqual([
      `Project ${projectId} disclosure checks (installation default abs; settings version 0)`,
      '  project: inherits the preset',
      'Applies:',
      '  unclassified: abs',
      ...[0, 1, 2, 3, 4].map((t) => `  tier ${t}: abs`),
    ]);

    expect(await run(captureIo({ 'strict.json': '{"minCellCount": 20}' }), { tier: '4', preset: 'acro', config: 'strict.json' })).toBe(0);
    const project = captureIo();
    expect(await run(project, { preset: 'datashield' })).toBe(0);
    expect(project.stdout).toEqual([
      `Project ${projectId} disclosure checks (installation default abs; settings version 2)`,
      '  project: preset datashield',
      '  tier 4: preset acro, minCellCount 20',
      'Applies:',
      '  unclassified: datashield',
      ...[0, 1, 2, 3].map((t) => `  tier ${t}: datashield`),
      '  tier 4: acro (minCellCount 20)',
    ]);
    expect(await run(captureIo(), { tier: '4', reset: true })).toBe(0);
    expect((await shown()).settings).toEqual({ preset: 'datashield', parameters: {}, tiers: {} });
    expect(await events()).toEqual([
      ['cli: project check-settings', { preset: null, parameters: {}, tiers: { '4': { preset: 'acro', parameters: { minCellCount: 20 } } } }],
      ['cli: project check-settings', { preset: 'datashield', parameters: {}, tiers: { '4': { preset: 'acro', parameters: { minCellCount: 20 } } } }],
      ['cli: project check-settings', { preset: 'datashield', parameters: {}, tiers: {} }],
    ]);
  });

  it('refuses unknown parameters, wrong types, unreadable files, unknown presets, tiers and projects with exit 2, changing nothing', async () => {
    const cases: [Partial<CheckSettingsCliOptions>, Record<string, string>, string][] = [
      [{ config: 'typo.json' }, { 'typo.json': '{"minCellCoutn": 5}' }, 'minCellCoutn'],
      [{ config: 'type.json' }, { 'type.json': '{"zerosDisclosive": "no"}' }, 'zerosDisclosive'],
      [{ config: 'broken.json' }, { 'broken.json': '{"minCellCount": ' }, 'Cannot read the config file'],
      [{ config: 'missing.json' }, {}, 'Cannot read the config file'],
      [{ preset: 'strictest' }, {}, 'Unknown preset "strictest"'],
      [{ tier: '5', preset: 'acro' }, {}, '--tier must be a tier from 0 to 4'],
      [{ reset: true, preset: 'acro' }, {}, 'not both'],
    ];
    for (const [options, files, message] of cases) {
      const io = captureIo(files);
      expect(await run(io, options)).toBe(2);
      expect(io.stderr[0]).toContain(message);
      expect(io.stderr[0]).toContain('(validation.invalid_input)');
    }
    const unknown = captureIo();
    expect(await run(unknown, { preset: 'acro' }, 'no-such-project')).toBe(2);
    expect(unknown.stderr[0]).toContain('(project.not_found)');
    expect((await shown()).version).toBe(0);
    expect(await events()).toEqual([]);
  });
});
