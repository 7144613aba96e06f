import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanReportSchema } from '../../../common/contracts/scan.contract';
import type { Io } from '../../cli/output';
import { runCli } from '../../cli/program';
import { cliRoot } from '../../entrypoints/cli-root';
import { scanPaths } from './scan-paths';

const folder = () => mkdtempSync(join(tmpdir(), 'egress-scan-'));

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async (p) => readFileSync(p, 'utf8'), readStdin: async () => '' };
}
const scanCli = (args: string[], io: Io) =>
  runCli(
    ['node', 'egress', 'scan', ...args],
    io,
    cliRoot(async () => 99),
  );
const options = { preset: 'acro' as const, packageKind: 'report' as const, toolVersion: 'test', workers: 1 };

describe('the scan engine', () => {
  it('prints one JSON document that follows the contract, with every parameter used', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'notes.txt'), 'Nothing to see here.\n');
    writeFileSync(join(dir, 'fake.pdf'), 'this is text, not a PDF\n');
    const io = captureIo();
    expect(await scanCli([dir, '--json', '--workers', '1'], io)).toBe(1);
    const report = scanReportSchema.parse(JSON.parse(io.stdout.join('\n')));
    expect(report.tool.name).toBe('safe-haven-egress');
    expect(report.preset).toBe('acro');
    expect(report.parameters).toMatchObject({ minCellCount: 10, zerosDisclosive: true, packageKind: 'report' });
    expect(report.files.map((f) => [f.path.replace(dir, ''), f.status, f.verdict])).toEqual([
      ['/fake.pdf', 'checked', 'review'],
      ['/notes.txt', 'checked', 'pass'],
    ]);
    expect(report.files[0]?.findings.map((f) => f.rule)).toEqual(['filetype.extension_mismatch']);
    expect(report.summary).toEqual({ files: 2, pass: 1, review: 1, block: 0, unreadable: 0 });
  });

  it('exits 0 when every file passes and prints a readable summary', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.txt'), 'plain words\n');
    const io = captureIo();
    expect(await scanCli([dir], io)).toBe(0);
    expect(io.stdout.at(-1)?.trim()).toBe('1 file: 1 pass, 0 review, 0 block (0 unreadable). Preset acro.');
  });

  it.each([
    ['a path that does not exist', ['/no/such/place']],
    ['an unknown preset', ['--preset', 'strictest', '.']],
    ['an unknown package kind', ['--package-kind', 'archive', '.']],
    ['a worker count that is not a number', ['--workers', 'many', '.']],
  ])('exits 2 with an error object for %s', async (_name, args) => {
    const io = captureIo();
    expect(await scanCli([...args, '--json'], io)).toBe(2);
    expect(JSON.parse(io.stdout[0] as string).error.code).toBe('validation.invalid_input');
  });

  it('refuses a config file with an unknown or mistyped parameter', async () => {
    const dir = folder();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ minCellCount: 'ten', colour: 'blue' }));
    const io = captureIo();
    expect(await scanCli([dir, '--config', config], io)).toBe(2);
    expect(io.stderr[0]).toContain('minCellCount');
    expect(io.stderr[0]).toContain('colour');
  });

  it('skips symbolic links and special files instead of following or blocking on them', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.txt'), 'hello\n');
    symlinkSync('/etc/passwd', join(dir, 'escape'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const report = await scanPaths([dir], options);
    expect(report.files.map((f) => [f.path.replace(dir, ''), f.status, f.reason ?? ''])).toEqual([
      ['/escape', 'skipped', 'symbolic link: not followed'],
      ['/pipe', 'skipped', 'not a regular file'],
      ['/real.txt', 'checked', ''],
    ]);
  });

  it('reports an empty file with a binary extension as unreadable, and unknown binary content for review', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'empty.pdf'), '');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7, 9]));
    const report = await scanPaths([dir], options);
    const [blob, empty] = report.files;
    expect(blob).toMatchObject({ status: 'checked', verdict: 'review', mediaType: 'application/octet-stream' });
    expect(blob?.findings.map((f) => f.rule)).toEqual(['filetype.unknown_binary']);
    expect(empty).toMatchObject({ status: 'unreadable', verdict: 'review', reason: 'empty file: not a valid .pdf file' });
  });

  it('treats statistical-package datasets as row-level data: blocked in a report, review in a handover', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'cohort.dta'), Buffer.from([0x3c, 0x73, 0x74, 0x61, 0x74, 0x61, 0x5f, 0x64, 0x74, 0x61, 0x3e, 0, 1, 2]));
    const report = await scanPaths([dir], options);
    expect(report.files[0]?.findings.map((f) => [f.rule, f.severity])).toEqual([['microdata.dataset_file', 'block']]);
    const handover = await scanPaths([dir], { ...options, packageKind: 'handover' });
    expect(handover.files[0]?.findings.map((f) => [f.rule, f.severity])).toEqual([['microdata.dataset_file', 'review']]);
  });

  it('streams a text file larger than the in-memory limit and still hashes every byte', async () => {
    const dir = folder();
    const path = join(dir, 'big.csv');
    const body = `id,value\n${Array.from({ length: 20_000 }, (_, i) => `${i},${i * 7}`).join('\n')}\n`;
    writeFileSync(path, body);
    const report = await scanPaths([path], { ...options, overrides: { maxFileBytesInMemory: 1024 } });
    expect(report.files[0]).toMatchObject({
      status: 'checked',
      mediaType: 'text/csv',
      bytes: Buffer.byteLength(body),
      sha256: createHash('sha256').update(body).digest('hex'),
    });
  });

  it('walks directories in name order and reports nested folders', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'x.txt'), 'x\n');
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    const report = await scanPaths([dir], options);
    expect(report.files.map((f) => f.path.replace(dir, ''))).toEqual(['/a.txt', '/b/x.txt']);
  });
});
