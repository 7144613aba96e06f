/**
 * `egress push` against a real listening server: which files go in under which paths, what is
 * skipped or refused and reported, that pushing again changes nothing, and that an interrupted
 * push continues from the server's offset when run again.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../db/audit.repository';
import { type UploadServer, csvBytes, sha256Hex, startUploadServer } from '../http/routes/uploads.testing';
import { TEST_DIALECTS } from '../testing/databases';
import { saveCredentials } from './credentials';
import type { Io } from './output';
import { runCli } from './program';
import { cliRoot } from '../entrypoints/cli-root';
import { type PushDeps, pushCommand, pushStateFile } from './push.cli';

const CHUNK = 256 * 1024;

function captureIo(stdin = ''): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async (p) => readFileSync(p, 'utf8'), readStdin: async () => stdin };
}

describe.each(TEST_DIALECTS)('egress push on %s', (dialect) => {
  let s: UploadServer;
  let home: string;
  let env: Record<string, string>;
  let packageId: string;
  const quiet: PushDeps = { progress: null, chunkSize: CHUNK, retryDelays: [] };

  beforeEach(async () => {
    s = await startUploadServer(dialect, { limits: { maxFileBytes: 8 * 1024 * 1024 } });
    home = mkdtempSync(join(tmpdir(), 'egress-push-'));
    env = { EGRESS_CONFIG_DIR: join(home, 'config') };
    packageId = s.world.wp.report;
    await saveCredentials(env, { server: s.base.replace(/\/$/, ''), token: await s.token('researcher'), projectId: s.world.projectId });
  });
  afterEach(async () => {
    expect(await verifyAuditChain(s.database.db)).toMatchObject({ ok: true });
    await s.close();
    rmSync(home, { recursive: true, force: true });
  });

  const filesInPackage = async () =>
    (
      await s.database.db
        .selectFrom('package_files')
        .innerJoin('file_versions', (join) => join.onRef('file_versions.file_id', '=', 'package_files.id').onRef('file_versions.number', '=', 'package_files.current_version'))
        .select(['package_files.path', 'file_versions.sha256', 'file_versions.number'])
        .where('package_files.package_id', '=', packageId)
        .orderBy('package_files.path')
        .execute()
    ).map((f) => ({ ...f, number: Number(f.number) }));
  const versionCount = async () =>
    Number(
      (
        await s.database.db
          .selectFrom('file_versions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('pushes a folder under paths relative to it, skips a symlink, reports the server’s refusal of an empty file, and changes nothing the second time', async () => {
    const out = join(home, 'out');
    mkdirSync(join(out, 'figs'), { recursive: true });
    const t1 = csvBytes(700_000, 1);
    const chart = csvBytes(40_000, 2);
    const notes = Buffer.from('Notes for the reviewer\n');
    writeFileSync(join(out, 't1.csv'), t1);
    writeFileSync(join(out, 'figs', 'chart.csv'), chart);
    writeFileSync(join(out, 'notes.txt'), notes);
    writeFileSync(join(out, 'empty.csv'), '');
    symlinkSync(join(out, 't1.csv'), join(out, 'latest.csv'));

    const sink: string[] = [];
    const io = captureIo();
    expect(await pushCommand(io, env, [out], { package: packageId }, { ...quiet, progress: { isTTY: true, columns: 80, write: (t) => sink.push(t) } })).toBe(1);
    // Files go up several at once, so their lines come in the order they finish.
    expect(io.stdout.slice(0, 3).sort()).toEqual(['uploaded figs/chart.csv (40000 bytes, version 1)', 'uploaded notes.txt (23 bytes, version 1)', 'uploaded t1.csv (700000 bytes, version 1)']);
    expect(io.stdout.slice(3)).toEqual([expect.stringMatching(/^Package .+: 3 uploaded \(.+\), 0 unchanged, 1 refused, 1 skipped\.$/)]);
    expect(io.stderr).toEqual([`skipped ${join(out, 'latest.csv')}: a symbolic link (not followed)`, 'refused empty.csv: The file is empty; there is nothing to release (file.empty)']);
    expect(await filesInPackage()).toEqual([
      { path: 'figs/chart.csv', sha256: sha256Hex(chart), number: 1 },
      { path: 'notes.txt', sha256: sha256Hex(notes), number: 1 },
      { path: 't1.csv', sha256: sha256Hex(t1), number: 1 },
    ]);
    // On a terminal the progress line is rewritten in place and cleared before each plain line.
    expect(sink.some((t) => t.startsWith('\r\x1b[2K[4/4] t1.csv'))).toBe(true);
    expect(sink.at(-1)).toBe('\r\x1b[2K');

    const uploadsBefore = await s.database.db.selectFrom('uploads').select('id').execute();
    // Files of one chunk or less go in one request (no resumable upload); t1.csv is larger.
    expect(uploadsBefore).toHaveLength(1);
    rmSync(join(out, 'empty.csv'));
    rmSync(join(out, 'latest.csv'));
    const again = captureIo();
    expect(await pushCommand(again, env, [out], { package: packageId }, quiet)).toBe(0);
    expect(again.stdout.slice(0, 3).sort()).toEqual([
      'unchanged figs/chart.csv (40000 bytes, already version 1)',
      'unchanged notes.txt (23 bytes, already version 1)',
      'unchanged t1.csv (700000 bytes, already version 1)',
    ]);
    expect(again.stderr).toEqual([]);
    expect(await versionCount()).toBe(3);
    // The server said so before any byte of t1.csv was sent: no new upload was opened.
    expect(await s.database.db.selectFrom('uploads').select('id').execute()).toEqual(uploadsBefore);
  });

  it('continues an interrupted push from the offset the server holds, without starting the file again', async () => {
    const big = csvBytes(2 * 1024 * 1024, 3);
    const file = join(home, 'big.csv');
    writeFileSync(file, big);

    const stop = new AbortController();
    const first = captureIo();
    const code = await pushCommand(first, env, [file], { package: packageId }, { ...quiet, signal: stop.signal, onAccepted: (_path, offset) => offset >= 2 * CHUNK && stop.abort() });
    expect(code).toBe(1);
    expect(first.stderr).toEqual(['stopped big.csv; run the same command again to continue']);
    expect(await versionCount()).toBe(0);
    const [upload] = await s.database.db.selectFrom('uploads').selectAll().execute();
    expect(upload).toMatchObject({ path: 'big.csv', completed_at: null });
    const head = await fetch(new URL(`/api/v1/uploads/${upload?.id}`, s.base), {
      method: 'HEAD',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${JSON.parse(readFileSync(join(env.EGRESS_CONFIG_DIR as string, 'credentials.json'), 'utf8')).token}` },
    });
    expect(head.headers.get('upload-offset')).toBe(String(2 * CHUNK));

    const second = captureIo();
    expect(await pushCommand(second, env, [file], { package: packageId }, quiet)).toBe(0);
    expect(second.stdout.slice(0, 2)).toEqual([`continuing big.csv from byte ${2 * CHUNK} of ${big.length}`, `uploaded big.csv (${big.length} bytes, version 1)`]);
    expect(await s.database.db.selectFrom('uploads').select(['id', 'completed_at']).execute()).toEqual([{ id: upload?.id, completed_at: expect.any(String) }]);
    expect(await filesInPackage()).toEqual([{ path: 'big.csv', sha256: sha256Hex(big), number: 1 }]);
    expect(JSON.parse(readFileSync(pushStateFile(env), 'utf8'))).toEqual({});
  });

  it('pushes one named file under its own name with --server and a token from standard input', async () => {
    const file = join(home, 'report.txt');
    writeFileSync(file, 'The report\n');
    const io = captureIo(await s.token('investigator'));
    const bare = { EGRESS_CONFIG_DIR: join(home, 'elsewhere') };
    expect(await pushCommand(io, bare, [file], { package: packageId, server: s.base, tokenStdin: true }, quiet)).toBe(0);
    expect(io.stdout[0]).toBe('uploaded report.txt (11 bytes, version 1)');
    expect(await filesInPackage()).toEqual([{ path: 'report.txt', sha256: sha256Hex('The report\n'), number: 1 }]);
  });

  it('stops at the first file when the package refuses everyone, and reports the rest as not attempted', async () => {
    const dir = join(home, 'two');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.csv'), 'a\n1\n');
    writeFileSync(join(dir, 'b.csv'), 'b\n2\n');
    const io = captureIo();
    expect(await pushCommand(io, env, [dir], { package: s.world.wp.ingress }, quiet)).toBe(1);
    expect(io.stderr).toEqual(['refused a.csv: No such package (package.not_found)', 'stopped before 1 more file; run the same command again to continue']);
    expect(io.stdout.at(-1)).toMatch(/0 uploaded .*1 refused, 0 skipped, 1 not attempted\.$/);
  });

  it('pushes many files several at a time (small ones in one request, larger ones resumable), each recorded once', async () => {
    const dir = join(home, 'many');
    const expected: { path: string; sha256: string; number: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const folder = join(dir, `g${i % 4}`);
      mkdirSync(folder, { recursive: true });
      // Most go in one request each; the first four, larger than a chunk, as resumable uploads at once.
      const content = csvBytes(i < 4 ? 300_000 + i : 1_000 + i * 997, 100 + i);
      writeFileSync(join(folder, `t${String(i).padStart(2, '0')}.csv`), content);
      expected.push({ path: `g${i % 4}/t${String(i).padStart(2, '0')}.csv`, sha256: sha256Hex(content), number: 1 });
    }
    const io = captureIo();
    expect(await pushCommand(io, env, [dir], { package: packageId }, { ...quiet, concurrency: 5 })).toBe(0);
    expect(io.stdout.filter((line) => line.startsWith('uploaded '))).toHaveLength(40);
    expect(io.stdout.at(-1)).toMatch(/: 40 uploaded .*0 refused, 0 skipped\.$/);
    expect(await filesInPackage()).toEqual(expected.sort((a, b) => a.path.localeCompare(b.path)));
    expect(await versionCount()).toBe(40);
    expect(await s.database.db.selectFrom('uploads').select('id').execute()).toHaveLength(4);
    expect(JSON.parse(readFileSync(pushStateFile(env), 'utf8'))).toEqual({});
  });

  it('hashes a file first only when the package already has one at its path, and uploads a changed one as a new version', async () => {
    const file = join(home, 'table.csv');
    writeFileSync(file, csvBytes(300_000, 7));
    expect(await pushCommand(captureIo(), env, [file], { package: packageId }, quiet)).toBe(0);
    const changed = csvBytes(300_000, 8);
    writeFileSync(file, changed);
    const io = captureIo();
    expect(await pushCommand(io, env, [file], { package: packageId }, quiet)).toBe(0);
    expect(io.stdout[0]).toBe('uploaded table.csv (300000 bytes, version 2)');
    expect(await filesInPackage()).toEqual([{ path: 'table.csv', sha256: sha256Hex(changed), number: 2 }]);
    // The changed file's upload declared its sha256 up front (it was hashed to ask whether it was unchanged).
    const uploads = await s.database.db.selectFrom('uploads').select(['expected_sha256']).orderBy('created_at').execute();
    expect(uploads.map((u) => u.expected_sha256)).toEqual([null, sha256Hex(changed)]);
  });

  it('answers usage errors with exit 2 and sends nothing', async () => {
    const file = join(home, 'x.csv');
    writeFileSync(file, 'x\n');
    const cli = (args: string[], io = captureIo(), e: Record<string, string> = env) =>
      runCli(
        ['node', 'egress', 'push', ...args],
        io,
        cliRoot(async () => 99),
        e,
      );
    expect(await cli([file])).toBe(2); // no --package
    const missing = captureIo();
    expect(await cli([file, join(home, 'nope.csv'), '--package', packageId], missing)).toBe(2);
    expect(missing.stderr).toEqual([`egress: no such file or folder: ${join(home, 'nope.csv')}; nothing was pushed`]);
    const notSignedIn = captureIo();
    expect(await cli([file, '--package', packageId], notSignedIn, { EGRESS_CONFIG_DIR: join(home, 'none') })).toBe(2);
    expect(notSignedIn.stderr[0]).toMatch(/^egress: Not signed in; run "egress login/);
    const otherServer = captureIo();
    expect(await cli([file, '--package', packageId, '--server', 'https://elsewhere.example.org'], otherServer)).toBe(2);
    expect(otherServer.stderr[0]).toMatch(/the saved API token is for http:\/\/127\.0\.0\.1/);
    expect(await versionCount()).toBe(0);
    expect(await s.database.db.selectFrom('uploads').selectAll().execute()).toEqual([]);
  });
});
