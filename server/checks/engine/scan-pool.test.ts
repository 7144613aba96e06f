import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../shared/presets';
import { scanInWorkers } from './scan-pool';

const options = { parameters: PRESETS.acro, packageKind: 'report' as const };

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes `files` (name → content) into a new folder and answers their paths in the same order. */
function write(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'egress-pool-'));
  folders.push(dir);
  return Object.entries(files).map(([name, content]) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  });
}

describe('the scan pool', () => {
  it('checks many files with two workers and returns each entry at its path’s index', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`note-${i}.txt`] = i % 7 === 3 ? `Write to person${i}@example.org about run ${i}.\n` : `Run ${i} finished.\n`;
    const paths = write(files);
    const entries = await scanInWorkers(paths, { ...options, workers: 2 });
    expect(entries.map((e) => e.path)).toEqual(paths);
    expect(entries.map((e) => e.status)).toEqual(paths.map(() => 'checked'));
    const flagged = entries.flatMap((e, i) => (e.findings.some((f) => f.rule.startsWith('pii.')) ? [i] : []));
    expect(flagged).toEqual([3, 10, 17, 24, 31, 38]);
  });

  it('reports a file past the memory budget unreadable and checks the files queued behind it in a new worker', async () => {
    // 20,000 notebook cells parse into far more than 24 MiB of objects.
    const cells = Array.from({ length: 20_000 }, (_, i) => ({
      cell_type: 'code',
      source: [`x = ${i}\n`],
      outputs: [{ output_type: 'stream', name: 'stdout', text: Array.from({ length: 20 }, (_, j) => `v ${j}\n`) }],
      metadata: {},
      execution_count: i,
    }));
    const notebook = JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const paths = write({ 'big.ipynb': notebook, 'a.txt': 'plain\n', 'b.txt': 'Contact someone@example.org\n', 'c.txt': 'plain too\n' });
    const entries = await scanInWorkers(paths, { ...options, workers: 1, workerMemoryMb: 24 });
    expect(entries[0]).toMatchObject({ status: 'unreadable', reason: 'memory budget exceeded', verdict: 'review', bytes: notebook.length });
    expect(entries[0]?.sha256).toBe(createHash('sha256').update(notebook).digest('hex'));
    expect(entries.slice(1).map((e) => [e.path, e.status, e.verdict])).toEqual([
      [paths[1], 'checked', 'pass'],
      [paths[2], 'checked', 'review'],
      [paths[3], 'checked', 'pass'],
    ]);
  });

  it('answers an empty list without starting a worker', async () => {
    expect(await scanInWorkers([], options)).toEqual([]);
  });
});
