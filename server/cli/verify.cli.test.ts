import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntries, createTestKey, writeTestBundle, zipEntries, type TestFile } from '../../common/bundle/bundle-writer.testing';
import { type Io } from './output';
import { runCli } from './program';
import { cliRoot } from '../entrypoints/cli-root';

const run = promisify(execFile);

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async (p) => readFileSync(p, 'utf8'), readStdin: async () => '' };
}

const cli = async (args: string[]) => {
  const io = captureIo();
  const code = await runCli(
    ['node', 'egress', 'verify', ...args],
    io,
    cliRoot(async () => 99),
    {},
  );
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
};

const key = createTestKey();
const stranger = createTestKey();
const FILES: TestFile[] = [
  { path: 'tables/a.csv', content: new TextEncoder().encode('a,b\n1,2\n') },
  { path: 'report.pdf', content: new Uint8Array(3000).fill(7) },
];
const dir = mkdtempSync(join(tmpdir(), 'egress-verify-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const keysJson = (k = key) =>
  JSON.stringify({
    keys: [
      { fingerprint: k.fingerprint, algorithm: 'Ed25519', publicKey: Buffer.from(k.raw).toString('base64'), publicKeyPem: k.pem, createdAt: '2025-01-01T00:00:00Z', retiredAt: null, current: true },
    ],
  });

let good: string;
let altered: string;
let keyPem: string;
beforeAll(async () => {
  good = file('good.zip', await writeTestBundle(FILES, key, { streamed: true }));
  const entries = bundleEntries(FILES, key);
  const i = entries.findIndex((e) => e.name === 'files/tables/a.csv');
  entries[i] = { ...entries[i]!, data: new TextEncoder().encode('a,b\n1,3\n') };
  altered = file('altered.zip', await zipEntries(entries));
  keyPem = file('key.pem', key.pem);
});

describe('egress verify --key (offline)', () => {
  it('exits 0 with a summary for an intact bundle, with a PEM, a base64 key or the key list', async () => {
    for (const keyFile of [keyPem, file('key.b64', Buffer.from(key.raw).toString('base64')), file('keys.json', keysJson())]) {
      const { code, stdout } = await cli([good, '--key', keyFile]);
      expect(code).toBe(0);
      expect(stdout).toContain('Bundle verified');
      expect(stdout).toContain('Final tables (report, pk1)');
      expect(stdout).toContain('Files:     2 (3,008 bytes)');
      expect(stdout).toContain(key.fingerprint);
    }
  });

  it('exits 1 naming an altered file', async () => {
    const { code, stderr } = await cli([altered, '--key', keyPem]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/NOT VERIFIED\. A file’s contents differ .*“tables\/a\.csv”.*\(bundle\.file_altered\)/);
  });

  it('exits 1 for a bundle signed by another key, and for a truncated one', async () => {
    expect(await cli([good, '--key', file('stranger.pem', stranger.pem)])).toMatchObject({ code: 1, stderr: expect.stringContaining('(bundle.key_unknown)') });
    const cut = file('cut.zip', readFileSync(good).subarray(0, 1000));
    expect(await cli([cut, '--key', keyPem])).toMatchObject({ code: 1, stderr: expect.stringContaining('(bundle.zip_truncated)') });
  });

  it('prints one JSON document with --json', async () => {
    const ok = await cli([good, '--key', keyPem, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, summary: { files: 2, bytes: 3008, keyFingerprint: key.fingerprint, tier: 2 }, keysFrom: keyPem });
    const bad = await cli([altered, '--key', keyPem, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, problem: { code: 'bundle.file_altered', path: 'tables/a.csv' } });
  });

  it.each([
    ['no key at all', () => [good], 'give exactly one of --key FILE'],
    ['both --key and --server', () => [good, '--key', keyPem, '--server', 'http://127.0.0.1:9'], 'give exactly one of --key FILE'],
    ['a key file that is not a key', () => [good, '--key', file('junk.txt', 'hello world!')], 'not valid base64'],
    ['a key file that does not exist', () => [good, '--key', join(dir, 'nope.pem')], 'cannot read the key file'],
    ['a bundle that does not exist', () => [join(dir, 'nope.zip'), '--key', keyPem], 'cannot read the bundle'],
    ['a folder as the bundle', () => [dir, '--key', keyPem], 'is not a file'],
    ['a server address that is not one', () => [good, '--server', 'ftp://example.org'], '--server must be'],
    ['no bundle argument', () => ['--key', keyPem], "missing required argument 'bundle'"],
  ])('exits 2 for %s', async (_, args, words) => {
    const { code, stderr } = await cli(args());
    expect(code).toBe(2);
    expect(stderr).toContain(words);
  });

  it('works through the installed bin', async () => {
    const { stdout } = await run('node', [join(process.cwd(), 'bin', 'egress.js'), 'verify', good, '--key', keyPem]);
    expect(stdout).toContain('Bundle verified');
    const failed = await run('node', [join(process.cwd(), 'bin', 'egress.js'), 'verify', altered, '--key', keyPem]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('bundle.file_altered') });
  }, 60_000);
});

describe('egress verify --server', () => {
  let server: Server;
  let base: string;
  let answer = { status: 200, body: keysJson() };
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url !== '/api/v1/keys') return void response.writeHead(404).end();
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the keys, verifies and prints the fingerprint used to pin it', async () => {
    answer = { status: 200, body: keysJson() };
    const { code, stdout } = await cli([good, '--server', `${base}/`]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Key:       ${key.fingerprint} (from ${base}/api/v1/keys)`);
    expect(stdout).toContain('pin this key');
  });

  it('exits 1 when the server publishes other keys', async () => {
    answer = { status: 200, body: keysJson(stranger) };
    expect((await cli([good, '--server', base])).code).toBe(1);
  });

  it('exits 2 when the server has no key list or cannot be reached', async () => {
    answer = { status: 404, body: '{}' };
    expect(await cli([good, '--server', base])).toMatchObject({ code: 2, stderr: expect.stringContaining('answered 404') });
    answer = { status: 200, body: '{"keys":"nope"}' };
    expect(await cli([good, '--server', base])).toMatchObject({ code: 2, stderr: expect.stringContaining('did not answer with a key list') });
    expect(await cli([good, '--server', 'http://127.0.0.1:9'])).toMatchObject({ code: 2, stderr: expect.stringContaining('could not reach') });
  });
});
