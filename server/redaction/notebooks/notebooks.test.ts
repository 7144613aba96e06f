/** notebooks.clear_outputs and notebooks.remove_authors: the notebook findings go on re-check; the rest of the notebook is unchanged. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanBuffer } from '../../checks/engine/scan-buffer';
import { TEST_CHECK_CONTEXT } from '../../checks/engine/line-detectors.testing';
import { PRESETS } from '../../checks/shared/presets';
import { RedactionError, type RedactionOperation, type TargetFinding } from '../types';
import { clearOutputsOperation } from './clear-outputs.operation';
import { removeAuthorsOperation } from './remove-authors.operation';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nb-ops-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function notebook() {
  return {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Results\n'] },
      { cell_type: 'code', execution_count: 1, metadata: { tags: ['setup'] }, outputs: [], source: ['import pandas as pd'] },
      {
        cell_type: 'code',
        execution_count: 2,
        metadata: {},
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['contact ada@example.org\n'] },
          { output_type: 'display_data', data: { 'image/png': PNG, 'text/plain': ['<Figure>'] }, metadata: {} },
        ],
        source: ['print(df.head())'],
      },
      { cell_type: 'code', execution_count: 3, metadata: {}, outputs: [{ output_type: 'execute_result', execution_count: 3, data: { 'text/plain': ['42'] }, metadata: {} }], source: ['6 * 7'] },
    ],
    metadata: {
      authors: [{ name: 'Ada Lovelace' }],
      author: 'Ada Lovelace',
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python', version: '3.12.1' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

type Nb = ReturnType<typeof notebook>;

async function run<P>(op: RedactionOperation<P>, params: P, nb: object = notebook(), targets: TargetFinding[] = []) {
  const path = join(dir, `nb-${Math.random()}.ipynb`);
  const text = `${JSON.stringify(nb, null, 1)}\n`;
  await writeFile(path, text);
  const outPath = `${path}.out`;
  const outcome = await op.apply({ path, name: 'analysis.ipynb', bytes: text.length, mediaType: 'application/x-ipynb+json' }, params, outPath, {
    parameters: PRESETS.acro,
    signal: new AbortController().signal,
    memoryBudgetBytes: 1 << 26,
    targets,
  });
  const bytes = await readFile(outPath);
  const before = (await scanBuffer(Buffer.from(text), 'analysis.ipynb', TEST_CHECK_CONTEXT)).findings;
  const after = (await scanBuffer(bytes, 'analysis.ipynb', TEST_CHECK_CONTEXT)).findings;
  return { outcome, nb: JSON.parse(bytes.toString()) as Nb, text: bytes.toString(), before, after };
}

describe('notebooks.clear_outputs', () => {
  it('clears every output and execution count; the stored-outputs finding and what was in the outputs go on re-check', async () => {
    const { nb, before, after, outcome, text } = await run(clearOutputsOperation, {});
    expect(before.map((f) => f.rule)).toEqual(expect.arrayContaining(['notebook.stored_outputs', 'pii.email']));
    expect(after.map((f) => f.rule)).not.toContain('notebook.stored_outputs');
    expect(after.map((f) => f.rule)).not.toContain('pii.email');
    expect(after.filter((f) => f.location?.part?.startsWith('output'))).toEqual([]);
    expect(nb.cells.map((c) => ('outputs' in c ? c.outputs : 'none'))).toEqual(['none', [], [], []]);
    expect(nb.cells.map((c) => ('execution_count' in c ? c.execution_count : 'none'))).toEqual(['none', null, null, null]);
    // Sources, metadata and the format stay as they were; the layout is nbformat's (one-space indent).
    const original = notebook();
    expect(nb.cells.map((c) => c.source)).toEqual(original.cells.map((c) => c.source));
    expect(nb.cells[1]!.metadata).toEqual({ tags: ['setup'] });
    expect([nb.nbformat, nb.nbformat_minor, nb.metadata]).toEqual([4, 5, original.metadata]);
    expect(text.startsWith('{\n "cells": [\n  {\n')).toBe(true);
    expect(outcome.changes).toEqual([
      { location: { cellIndex: 1 }, change: 'cleared the execution count' },
      { location: { cellIndex: 2 }, change: 'cleared 2 outputs and the execution count' },
      { location: { cellIndex: 3 }, change: 'cleared 1 output and the execution count' },
    ]);
  });

  it('clears only the chosen cells, or the cells of chosen findings in outputs', async () => {
    const a = await run(clearOutputsOperation, { cells: [3] });
    expect(a.nb.cells[2]!.outputs).toHaveLength(2);
    expect(a.nb.cells[3]!.outputs).toEqual([]);
    const b = await run(clearOutputsOperation, {}, notebook(), [{ rule: 'pii.email', location: { cellIndex: 2, part: 'output-0', line: 1, column: 9 } }]);
    expect(b.nb.cells[2]!.outputs).toEqual([]);
    expect(b.nb.cells[3]!.outputs).toHaveLength(1);
    expect(b.nb.cells[1]!.execution_count).toBe(1);
  });

  it('refuses a cell that does not exist, a notebook with nothing to clear, and a file that is not a notebook', async () => {
    const code = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as RedactionError).code;
    expect(await code(run(clearOutputsOperation, { cells: [9] }))).toBe('redaction.invalid_parameters');
    expect(await code(run(clearOutputsOperation, { cells: [0] }))).toBe('redaction.nothing_to_change');
    expect(await code(run(clearOutputsOperation, {}, { not: 'a notebook' }))).toBe('redaction.unparseable');
    expect(clearOutputsOperation.supports({ name: 'a.csv', mediaType: 'text/csv' })).toBe(false);
  });
});

describe('notebooks.remove_authors', () => {
  it('removes the author fields; the author finding goes on re-check and everything else stays', async () => {
    const nb0 = notebook();
    const withCellAuthor = { ...nb0, cells: [{ ...nb0.cells[0]!, metadata: { author: 'Ada' } }, ...nb0.cells.slice(1)] };
    const { nb, before, after, outcome } = await run(removeAuthorsOperation, {}, withCellAuthor);
    expect(before.map((f) => f.rule)).toContain('notebook.author_metadata');
    expect(after.map((f) => f.rule)).not.toContain('notebook.author_metadata');
    expect(after.filter((f) => f.location?.field?.startsWith('metadata.author'))).toEqual([]);
    expect(nb.metadata).toEqual({ kernelspec: nb0.metadata.kernelspec, language_info: nb0.metadata.language_info });
    expect(nb.cells[0]!.metadata).toEqual({});
    expect(nb.cells.slice(1)).toEqual(nb0.cells.slice(1));
    expect(outcome.changes).toEqual([
      { location: { field: 'metadata.authors' }, change: 'removed' },
      { location: { field: 'metadata.author' }, change: 'removed' },
      { location: { cellIndex: 0, field: 'metadata.author' }, change: 'removed' },
    ]);
  });

  it('says there is nothing to change when no one is named', async () => {
    const nb0 = notebook();
    const error = await run(removeAuthorsOperation, {}, { ...nb0, metadata: { kernelspec: nb0.metadata.kernelspec } }).catch((e: unknown) => e);
    expect((error as RedactionError).code).toBe('redaction.nothing_to_change');
  });
});
