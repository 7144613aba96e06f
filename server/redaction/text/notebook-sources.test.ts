/** text.mask on a notebook: cell sources are masked in place; the notebook stays valid with its nbformat. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../checks/engine/scan-file';
import { TEST_CHECK_CONTEXT } from '../../checks/engine/line-detectors.testing';
import { PRESETS } from '../../checks/shared/presets';
import { RedactionError, type TargetFinding } from '../types';
import { textMaskOperation } from './text-mask.operation';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nb-mask-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const notebook = {
  cells: [
    { cell_type: 'markdown', metadata: {}, source: ['# Cohort\n', 'Questions to zelda.quaver@examplemail.org\n'] },
    {
      cell_type: 'code',
      execution_count: 3,
      metadata: {},
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['42\n'] }],
      source: ['import os\n', 'token = "ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"\n', 'print(42)'],
    },
    { cell_type: 'code', execution_count: 4, metadata: {}, outputs: [], source: 'x = 1  # call 020 7946 0958' },
  ],
  metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
};

async function run(targets: (found: TargetFinding[]) => TargetFinding[], params = {}) {
  const path = join(dir, `in-${Math.random()}.ipynb`);
  const text = `${JSON.stringify(notebook, null, 1)}\n`;
  await writeFile(path, text);
  const found = (await scanFile(path, TEST_CHECK_CONTEXT)).findings.filter((f) => f.family === 'pii' || f.family === 'secrets');
  const outPath = `${path}.out`;
  const outcome = await textMaskOperation.apply({ path, name: 'analysis.ipynb', bytes: text.length, mediaType: 'application/x-ipynb+json' }, params, outPath, {
    parameters: PRESETS.acro,
    signal: new AbortController().signal,
    memoryBudgetBytes: 1 << 26,
    targets: targets(found.map((f) => ({ rule: f.rule, location: f.location! }))),
  });
  const after = (await scanFile(outPath, TEST_CHECK_CONTEXT)).findings.filter((f) => f.family === 'pii' || f.family === 'secrets');
  return { found, outcome, out: await readFile(outPath, 'utf8'), after };
}

describe('text.mask on notebook sources', () => {
  it('masks the chosen findings in cell sources and keeps everything else, with the same layout and nbformat', async () => {
    const { found, out, after, outcome } = await run((all) => all);
    expect(found.map((f) => [f.rule, f.location?.cellIndex])).toEqual(
      expect.arrayContaining([
        ['pii.email', 0],
        ['secrets.github_token', 1],
        ['pii.phone', 2],
      ]),
    );
    expect(after).toEqual([]);
    const nb = JSON.parse(out) as typeof notebook;
    expect(nb.cells[0]!.source).toEqual(['# Cohort\n', 'Questions to [EMAIL REMOVED]\n']);
    // A token split across two list items is read as one line, and masked whole.
    expect((nb.cells[1]!.source as string[]).join('')).toBe('import os\ntoken = "[SECRET REMOVED]"\nprint(42)');
    expect(nb.cells[2]!.source).toBe('x = 1  # call [PHONE REMOVED]');
    expect({ ...nb, cells: undefined }).toEqual({ ...notebook, cells: undefined });
    expect(nb.cells[1]!.outputs).toEqual(notebook.cells[1]!.outputs);
    expect(out.startsWith('{\n "cells"')).toBe(true);
    expect(outcome.changes).toContainEqual({ location: { cellIndex: 0, line: 2, column: 14 }, change: 'masked as [EMAIL REMOVED]' });
  });

  it('masks only the chosen cell', async () => {
    const { out } = await run((all) => all.filter((t) => t.location?.cellIndex === 2));
    const nb = JSON.parse(out) as typeof notebook;
    expect(nb.cells[0]!.source).toEqual(notebook.cells[0]!.source);
    expect(nb.cells[2]!.source).toBe('x = 1  # call [PHONE REMOVED]');
  });

  it('refuses a finding in an output: outputs are cleared, not masked', async () => {
    const error = await run(() => [{ rule: 'pii.email', location: { cellIndex: 1, part: 'output-0', line: 1 } }]).catch((e: unknown) => e);
    expect((error as RedactionError).code).toBe('redaction.invalid_parameters');
  });
});
