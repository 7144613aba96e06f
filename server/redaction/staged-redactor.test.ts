/**
 * The Redactor (staged-redactor.ts) with the test operations: a run hands back the whole redacted
 * file with its hash and change list; every refusal is a DomainError with its stable code; and
 * whatever happens, no temporary file is left behind (the private folders live under a folder
 * of the test's own, which must be empty after each run is disposed of or has failed).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../checks/shared/presets';
import { FAKE_OPERATIONS, pngWithTrailer } from './fake-operations.testing';
import { stagedRedactor } from './staged-redactor';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('the staged Redactor', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'redactor-test-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const redactor = (timeoutMs = 10_000) => stagedRedactor({ operations: FAKE_OPERATIONS, tmpRoot: root, timeoutMs });
  const run = (operation: string, content: string | Buffer, parameters: unknown = {}, mediaType = 'text/plain', timeoutMs?: number) =>
    redactor(timeoutMs).redact({
      operation,
      parameters,
      source: { name: 'notes/report.txt', mediaType, bytes: Buffer.byteLength(content), content: Readable.from([Buffer.from(content)]) },
      scanParameters: PRESETS.acro,
      targets: [],
    });
  const leftovers = () => readdir(root);

  it('hands back the redacted bytes with their hash, size and change list, and removes them when disposed of', async () => {
    const source = 'name: secret\nnothing here\nsecret again, secret\n';
    const result = await run('text.fake_mask', source, { word: 'secret' });
    const expected = 'name: [REMOVED]\nnothing here\n[REMOVED] again, [REMOVED]\n';
    expect(await text(result.open())).toBe(expected);
    expect(result).toMatchObject({ sha256: sha256(expected), bytes: Buffer.byteLength(expected), sourceSha256: sha256(source) });
    expect(result.outcome).toEqual({
      changeCount: 3,
      changes: [
        { location: { line: 1, column: 7 }, change: 'masked as [REMOVED]' },
        { location: { line: 3, column: 1 }, change: 'masked as [REMOVED]' },
        { location: { line: 3, column: 15 }, change: 'masked as [REMOVED]' },
      ],
      notes: [],
    });
    expect(await leftovers()).toHaveLength(1);
    await result.dispose();
    expect(await leftovers()).toEqual([]);
  });

  it('refuses with stable codes and leaves nothing behind', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => run('text.no_such_thing', 'x'), 'redaction.unknown_operation'],
      [() => run('images.fake_strip', 'plain text'), 'redaction.unsupported_format'],
      [() => run('text.fake_mask', 'x', {}), 'redaction.invalid_parameters'],
      [() => run('text.fake_mask', 'x', { word: 'secret', extra: 1 }), 'redaction.invalid_parameters'],
      [() => run('text.fake_mask', 'nothing to see', { word: 'secret' }), 'redaction.nothing_to_change'],
      [() => run('text.fake_unparseable', 'half of this is written'), 'redaction.unparseable'],
      [() => run('text.fake_crash', 'x'), 'redaction.failed'],
      [() => run('text.fake_slow', 'x', {}, 'text/plain', 50), 'redaction.timed_out'],
    ];
    for (const [attempt, code] of cases) {
      await expect(attempt(), code).rejects.toMatchObject({ name: 'DomainError', code });
      expect(await leftovers(), code).toEqual([]);
    }
  });

  it('never says which values it refused: a parameter problem names the parameter, not what was given', async () => {
    await expect(run('text.fake_mask', 'x', { word: 12345 })).rejects.toSatisfy((e: Error) => e.message.includes('word') && !e.message.includes('12345'));
  });

  it('lists the operations that support a file, described for a form', () => {
    const r = redactor();
    expect(r.operationsFor({ name: 'a.png', mediaType: 'image/png' }).map((o) => o.id)).toEqual(['images.fake_strip']);
    const mask = r.operationsFor({ name: 'a.txt', mediaType: 'text/plain' }).find((o) => o.id === 'text.fake_mask');
    expect(mask).toMatchObject({ family: 'text', title: 'Mask a word (test)' });
    expect(mask?.fields).toEqual([
      { name: 'word', type: 'string', description: 'The word to mask', required: true },
      { name: 'marker', type: 'string', description: null, required: false, default: '[REMOVED]' },
    ]);
    expect(mask?.parametersSchema).toMatchObject({ type: 'object', required: ['word'] });
    expect(r.listOperations()).toHaveLength(FAKE_OPERATIONS.length);
  });

  it('works on binary files', async () => {
    const png = pngWithTrailer('GPS 51.5,-0.1');
    const result = await run('images.fake_strip', png, {}, 'image/png');
    try {
      expect(result.bytes).toBe(png.length - 'GPS 51.5,-0.1'.length);
      expect(result.outcome.changes).toEqual([{ change: 'removed trailing data' }]);
    } finally {
      await result.dispose();
    }
  });
});
