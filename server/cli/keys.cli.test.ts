/**
 * `egress keys` and `egress keys rotate` through the real CLI root, on a SQLite file under a
 * temporary DATA_DIR: no key before the first start, rotation creates and then replaces the key
 * (the earlier one stays listed as retired), and a configured BUNDLE_SIGNING_KEY refuses rotation
 * without touching the file. PostgreSQL without BUNDLE_SIGNING_KEY is refused before any I/O.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRoot } from '../entrypoints/cli-root';
import type { Io } from './output';
import { runCli } from './program';

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async (p) => readFileSync(p, 'utf8'), readStdin: async () => '' };
}

describe('egress keys', () => {
  let dataDir: string;
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const io = captureIo();
    const code = await runCli(
      ['node', 'egress', ...args],
      io,
      cliRoot(async () => 99),
      { DATA_DIR: dataDir, ...env },
    );
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'egress-keys-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists nothing before the first key, then the key rotate makes, and both after a second rotation', async () => {
    expect(await cli(['keys'])).toMatchObject({ code: 0, out: expect.stringContaining('No bundle signing key yet') });
    const first = await cli(['keys', 'rotate']);
    expect(first.code, first.err).toBe(0);
    expect(statSync(join(dataDir, 'bundle-signing-key.pem')).mode & 0o777).toBe(0o600);
    const second = await cli(['keys', 'rotate']);
    expect(second.code, second.err).toBe(0);
    const listed = JSON.parse((await cli(['keys', '--json'])).out) as { keys: { fingerprint: string; current: boolean }[] };
    const firstFingerprint = /key ([0-9a-f]{64})/.exec(first.out)?.[1];
    const secondFingerprint = /key ([0-9a-f]{64})/.exec(second.out)?.[1];
    expect(second.out).toContain(`Retired ${firstFingerprint}`);
    expect(listed.keys.map((k) => [k.fingerprint, k.current])).toEqual([
      [firstFingerprint, false],
      [secondFingerprint, true],
    ]);
    expect((await cli(['keys'])).out).toMatch(new RegExp(`${secondFingerprint}.*current`));
  });

  it('refuses to rotate a configured key file and leaves it as it was', async () => {
    const path = join(dataDir, 'configured.pem');
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    writeFileSync(path, pem, { mode: 0o600 });
    const refused = await cli(['keys', 'rotate'], { BUNDLE_SIGNING_KEY: path });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('bundle_key.configured_path');
    expect(readFileSync(path, 'utf8')).toBe(pem);
  });

  it('refuses to rotate on PostgreSQL without BUNDLE_SIGNING_KEY, saying what to set', async () => {
    const refused = await cli(['keys', 'rotate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('BUNDLE_SIGNING_KEY is required');
  });
});
