/**
 * What the server creates is readable by its own user only, whatever the umask: under umask 0
 * (in a child process: a worker thread cannot change it) the demo server's database (and its
 * -wal/-shm), keys, blob folders, blobs (streamed and adopted by hard link), log file demo
 * accounts file and demo output area are 0600 and the folders 0700.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('file permissions', () => {
  it('creates files 0600 and folders 0700 under a permissive umask', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'egress-modes-')), 'data');
    const script = `process.umask(0); const m = await import(${JSON.stringify(join(import.meta.dirname, 'file-modes.testing.ts'))}); process.stdout.write(JSON.stringify(await m.createEverything(${JSON.stringify(dataDir)}))); process.exit(0);`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..', '..'), timeout: 60_000 });
    const modes = JSON.parse(stdout) as Record<string, string>;
    const blobs = Object.keys(modes).filter((p) => /^blobs\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p));
    expect(blobs).toHaveLength(2);
    for (const path of ['egress.db', 'bundle-signing-key.pem', 'audit-checkpoint-key.pem', 'demo-accounts.txt', 'logs/egress.log', ...blobs]) {
      expect({ path, mode: modes[path] }).toEqual({ path, mode: '600' });
    }
    for (const path of ['.', 'blobs', 'blobs/tmp', 'logs', ...blobs.map((b) => b.slice(0, 'blobs/ab'.length))]) {
      expect({ path, mode: modes[path] }).toEqual({ path, mode: '700' });
    }
    // Every file and folder, including SQLite's -wal/-shm if they are still there: nothing for group or others.
    const open = Object.entries(modes).filter(([path, mode]) => !path.startsWith('staged-upload') && mode.slice(1) !== '00');
    expect(open).toEqual([]);
  }, 90_000);
});
