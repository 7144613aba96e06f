/**
 * `notebooks.clear_outputs`: empties the stored outputs of a notebook's code cells (all of them,
 * or the chosen ones) and clears their execution counts, as `jupyter nbconvert
 * --clear-output` does. Which cells: `cells` (0-based, as the checks number them), else the
 * cells of the chosen findings that sit in an output, else every cell.
 *
 * Example: `{ cells: [3] }` on a notebook whose cell 3 printed a table leaves cell 3's source and
 * drops its outputs; the outcome lists `{ location: { cellIndex: 3 }, change: 'cleared 1 output' }`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { MAX_LISTED_CHANGES, RedactionError, type RedactionChange, type RedactionOperation } from '../types';
import { cellsOf, isNotebookFile, readNotebook, writeNotebook } from './notebook-file';

export const clearOutputsParameters = z
  .object({
    /** 0-based cell indices; absent: the cells of the chosen findings, or all cells. */
    cells: z.array(z.number().int().nonnegative()).max(100_000).optional(),
  })
  .strict();
export type ClearOutputsParameters = z.infer<typeof clearOutputsParameters>;

export const clearOutputsOperation: RedactionOperation<ClearOutputsParameters> = {
  id: 'notebooks.clear_outputs',
  family: 'notebooks',
  title: 'Clear notebook outputs',
  description: 'Removes the stored outputs and execution counts of all code cells of a notebook, or of the chosen cells.',
  parameters: clearOutputsParameters,
  supports: isNotebookFile,
  async apply(source, params, outPath, ctx) {
    if (!isNotebookFile(source)) throw new RedactionError('redaction.unsupported_format', `Clearing outputs works on Jupyter notebooks, not ${source.mediaType}`);
    if (source.bytes > ctx.memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The notebook is larger than the memory budget (${ctx.memoryBudgetBytes} bytes)`);
    const layout = readNotebook(await readFile(source.path));
    const cells = cellsOf(layout.nb);
    const fromTargets = ctx.targets.filter((t) => t.location?.cellIndex !== undefined && (t.location.part?.startsWith('output') || t.rule === 'notebook.stored_outputs'));
    // The stored-outputs finding speaks for the whole notebook (it sits at the first cell with outputs).
    const all = params.cells === undefined && (fromTargets.length === 0 || fromTargets.some((t) => t.rule === 'notebook.stored_outputs'));
    const chosen = new Set(params.cells ?? fromTargets.map((t) => t.location!.cellIndex!));
    for (const index of chosen) if (index >= cells.length) throw new RedactionError('redaction.invalid_parameters', `The notebook has ${cells.length} cells; there is no cell ${index}`);

    const changes: RedactionChange[] = [];
    let count = 0;
    cells.forEach((cell, cellIndex) => {
      if (!all && !chosen.has(cellIndex)) return;
      const outputs = Array.isArray(cell.outputs) ? cell.outputs.length : 0;
      const counted = (cell.execution_count !== undefined && cell.execution_count !== null) || cell.prompt_number !== undefined;
      if (outputs === 0 && !counted) return;
      if ('outputs' in cell) cell.outputs = [];
      if ('execution_count' in cell) cell.execution_count = null;
      // nbformat 3 numbers its prompts instead.
      if ('prompt_number' in cell) delete cell.prompt_number;
      count += 1;
      changes.push({ location: { cellIndex }, change: outputs > 0 ? `cleared ${outputs} output${outputs === 1 ? '' : 's'} and the execution count` : 'cleared the execution count' });
    });
    if (count === 0) throw new RedactionError('redaction.nothing_to_change', 'The chosen cells have no outputs or execution counts');
    await writeFile(outPath, writeNotebook(layout));
    return { changeCount: count, changes: changes.slice(0, MAX_LISTED_CHANGES) };
  },
};
