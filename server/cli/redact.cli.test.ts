/**
 * `egress redact` offline, through the CLI's real composition root with the test operations
 * (server/redaction/fake-operations.testing.ts): the result is written next to the file (or to
 * --out), never over it, and nothing is left behind when the operation refuses; --list shows the
 * operations and their parameters.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRoot } from '../entrypoints/cli-root';
import { FAKE_OPERATIONS } from '../redaction/fake-operations.testing';
import type { Io } from './output';
import { runCli } from './program';

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: (p) => readFile(p, 'utf8'), readStdin: async () => '' };
}

const root = cliRoot(async () => 99, { redactionOperations: FAKE_OPERATIONS });
const cli = async (args: string[]) => {
  const io = captureIo();
  const code = await runCli(['node', 'egress', 'redact', ...args], io, root, {});
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
};

describe('egress redact', () => {
  let dir: string;
  let notes: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'egress-redact-cli-'));
    notes = join(dir, 'notes.txt');
    await writeFile(notes, 'Dear secret,\nsecret sends regards\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lists the operations with their parameters', async () => {
    const { code, out } = await cli(['--list']);
    expect(code).toBe(0);
    expect(out).toContain('text.fake_mask  Mask a word (test)');
    expect(out).toContain('--param word=<string> (required): The word to mask');
    const json = JSON.parse((await cli(['--list', '--json'])).out) as { operations: { id: string }[] };
    expect(json.operations.map((o) => o.id)).toEqual(FAKE_OPERATIONS.map((o) => o.id));
  });

  it('writes the result next to the file, leaving the file as it was', async () => {
    const { code, out } = await cli([notes, '--op', 'text.fake_mask', '--param', 'word=secret', '--param', 'marker=[gone]']);
    expect(code).toBe(0);
    expect(await readFile(join(dir, 'notes.redacted.txt'), 'utf8')).toBe('Dear [gone],\n[gone] sends regards\n');
    expect(await readFile(notes, 'utf8')).toBe('Dear secret,\nsecret sends regards\n');
    expect(out).toContain('2 changes (text.fake_mask)');
    expect(out).toContain('[line 2, column 1] masked as [gone]');
    expect(out).not.toMatch(/Dear|regards/);
  });

  it('writes to --out and reports in JSON, parameters from --params', async () => {
    const target = join(dir, 'clean.txt');
    const { code, out } = await cli([notes, '--op', 'text.fake_mask', '--params', '{"word":"Dear"}', '--out', target, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      output: { path: target, bytes: Buffer.byteLength('[REMOVED] secret,\nsecret sends regards\n') },
      operation: 'text.fake_mask',
      parameters: { word: 'Dear' },
      outcome: { changeCount: 1 },
    });
    expect(await readFile(target, 'utf8')).toBe('[REMOVED] secret,\nsecret sends regards\n');
  });

  it('refuses with stable codes and writes nothing', async () => {
    const before = (await readdir(dir)).sort();
    const refusals: [string[], string][] = [
      [[notes, '--op', 'text.fake_unparseable', '--out', join(dir, 'x.txt')], 'redaction.unparseable'],
      [[notes, '--op', 'images.fake_strip', '--out', join(dir, 'x.txt')], 'redaction.unsupported_format'],
      [[notes, '--op', 'text.fake_mask', '--param', 'word=absent', '--out', join(dir, 'x.txt')], 'redaction.nothing_to_change'],
      [[notes, '--op', 'text.fake_mask', '--out', join(dir, 'x.txt')], 'redaction.invalid_parameters'],
      [[notes, '--op', 'text.fake_mask', '--param', 'word=secret', '--out', notes], 'validation.invalid_input'],
      [[join(dir, 'missing.txt'), '--op', 'text.fake_mask', '--param', 'word=secret'], 'validation.invalid_input'],
      [[notes, '--op', 'text.fake_mask', '--params', '[1]'], 'validation.invalid_input'],
      [[notes], 'validation.invalid_input'],
    ];
    for (const [args, code] of refusals) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toContain(`(${code})`);
    }
    expect((await readdir(dir)).sort()).toEqual(before);
  });
});
