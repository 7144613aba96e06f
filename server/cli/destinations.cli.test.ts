/**
 * `egress destinations` on a real SQLite file with DELIVERY_TARGETS and EXPORT_DIR set: a system
 * manager registers, lists and retires destinations offline, audited as the CLI; refusals exit 2
 * with their code and change nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { cliRoot } from '../entrypoints/cli-root';
import { createWorld } from '../testing/factories';
import type { Io } from './output';
import { runCli } from './program';

const KEY = 'age1fcehahplgkf6sjfhynx62nprdrg74zdgjaktpypdpa7aaav8cyustypmjs';

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

describe('egress destinations', () => {
  let dir: string;
  let projectId: string;
  let env: Record<string, string>;
  const cli = (args: string[], io: Io) =>
    runCli(
      ['node', 'egress', 'destinations', ...args],
      io,
      cliRoot(async () => 99),
      env,
    );
  const events = async () => {
    const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    try {
      return await handle.db.selectFrom('audit_events').select(['action', 'actor_label']).where('action', 'like', 'destination.%').orderBy('seq').execute();
    } finally {
      await handle.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egress-cli-destinations-'));
    const handle = openDatabase(`sqlite:${join(dir, 'egress.db')}`);
    try {
      await migrateToLatest(handle.db);
      projectId = (await createWorld(handle.db)).projectId;
    } finally {
      await handle.close();
    }
    writeFileSync(join(dir, 'targets.json'), JSON.stringify({ 'provider-archive': { type: 's3', bucket: 'incoming', accessKeyId: 'AK', secretAccessKey: 'SECRET' } }));
    env = { DATA_DIR: dir, DELIVERY_TARGETS: join(dir, 'targets.json'), EXPORT_DIR: join(dir, 'export') };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('registers, lists and retires destinations as the CLI, audited', async () => {
    const add = captureIo({ '/keys/provider.txt': `# public key\n${KEY}\n` });
    const args = [projectId, '--name', 'Provider archive', '--kind', 'data_provider', '--contact', 'archive@provider.example', '--method', 'container_push', '--target', 'provider-archive'];
    expect(await cli(['add', ...args, '--recipient-key-file', '/keys/provider.txt', '--json'], add)).toBe(0);
    const destination = JSON.parse(add.stdout.join('\n'));
    expect(destination).toMatchObject({ name: 'Provider archive', recipientKey: KEY, recipientKeyFingerprint: expect.stringMatching(/^SHA256:/) });
    const exported = captureIo();
    expect(await cli(['add', projectId, '--name', 'Inbox', '--kind', 'secure_environment', '--contact', 'tre@example.org', '--method', 'folder_export', '--target', 'tre/inbox'], exported)).toBe(0);
    const list = captureIo();
    expect(await cli(['list', projectId], list)).toBe(0);
    expect(list.stdout.join('\n')).toContain(`recipient key ${destination.recipientKeyFingerprint}`);
    expect(list.stdout.join('\n')).toContain('Export to a folder (tre/inbox)');
    expect(list.stdout.join('\n')).not.toContain('SECRET');
    const retire = captureIo();
    expect(await cli(['retire', projectId, destination.id], retire)).toBe(0);
    const all = captureIo();
    expect(await cli(['list', projectId, '--all', '--json'], all)).toBe(0);
    expect(JSON.parse(all.stdout.join('\n')).destinations.map((d: { name: string; retiredAt: string | null }) => [d.name, d.retiredAt !== null])).toEqual([
      ['Inbox', false],
      ['Provider archive', true],
    ]);
    expect((await events()).map((e) => [e.action, e.actor_label])).toEqual([
      ['destination.registered', 'cli: destinations add'],
      ['destination.registered', 'cli: destinations add'],
      ['destination.retired', 'cli: destinations retire'],
    ]);
  });

  it('refuses an unknown target, a bad key and an unknown project with exit 2, changing nothing', async () => {
    const base = ['--name', 'X', '--kind', 'data_provider', '--contact', 'x@example.org', '--method', 'container_push'];
    const unknown = captureIo();
    expect(await cli(['add', projectId, ...base, '--target', 'elsewhere'], unknown)).toBe(2);
    expect(unknown.stderr[0]).toContain('(destination.target_unknown)');
    expect(unknown.stderr[0]).toContain('known: provider-archive');
    const badKey = captureIo();
    expect(await cli(['add', projectId, ...base, '--target', 'provider-archive', '--recipient-key', 'age1abc'], badKey)).toBe(2);
    expect(badKey.stderr[0]).toContain('(destination.recipient_key_invalid)');
    const noProject = captureIo();
    expect(await cli(['list', 'no-such-project'], noProject)).toBe(2);
    expect(noProject.stderr[0]).toContain('(project.not_found)');
    expect(await events()).toEqual([]);
  });

  it('refuses to start with a targets file that is not valid, naming the problem and not the secrets', async () => {
    writeFileSync(join(dir, 'targets.json'), JSON.stringify({ 'Bad Name': { type: 's3', bucket: 'b', secretAccessKey: 'SECRET' } }));
    const io = captureIo();
    expect(await cli(['list', projectId], io)).not.toBe(0);
    const said = [...io.stderr, ...io.stdout].join('\n');
    expect(said).toContain('DELIVERY_TARGETS');
    expect(said).not.toContain('SECRET');
  });
});
