/**
 * `notebooks.remove_authors`: removes the notebook-level metadata that names people — the
 * `authors` list (nbformat 4.x, JupyterLab), `author`, and the same fields under `metadata.colab`
 * and in each cell's metadata — keeping everything a notebook needs to run (kernelspec,
 * language_info) and its nbformat.
 *
 * Example: `metadata: { authors: [{ name: 'Ada' }], kernelspec: {…} }` becomes
 * `metadata: { kernelspec: {…} }`; the outcome lists `{ location: { field: 'metadata.authors' }, change: 'removed' }`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { RedactionError, type RedactionChange, type RedactionOperation } from '../types';
import { type Json, cellsOf, isNotebookFile, isObject, readNotebook, writeNotebook } from './notebook-file';

export const removeAuthorsParameters = z.object({}).strict();
export type RemoveAuthorsParameters = z.infer<typeof removeAuthorsParameters>;

/** Metadata keys that name or contact a person. */
const PERSON_KEYS = ['authors', 'author', 'creator', 'contributors', 'owner', 'last_modified_by', 'lastModifiedBy', 'email'];

function removePersonKeys(metadata: unknown, prefix: string, changes: RedactionChange[], cellIndex?: number): void {
  if (!isObject(metadata)) return;
  for (const key of PERSON_KEYS) {
    if (!(key in metadata)) continue;
    delete metadata[key];
    changes.push({ location: { ...(cellIndex !== undefined ? { cellIndex } : {}), field: `${prefix}.${key}` }, change: 'removed' });
  }
  // Colab keeps who ran and opened the notebook in its own block.
  if (isObject(metadata.colab)) removePersonKeys(metadata.colab, `${prefix}.colab`, changes, cellIndex);
}

export const removeAuthorsOperation: RedactionOperation<RemoveAuthorsParameters> = {
  id: 'notebooks.remove_authors',
  family: 'notebooks',
  title: 'Remove notebook author metadata',
  description: 'Removes the author names and other person fields from a notebook’s metadata and its cells’ metadata.',
  parameters: removeAuthorsParameters,
  supports: isNotebookFile,
  async apply(source, _params, outPath, ctx) {
    if (!isNotebookFile(source)) throw new RedactionError('redaction.unsupported_format', `Removing author metadata works on Jupyter notebooks, not ${source.mediaType}`);
    if (source.bytes > ctx.memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The notebook is larger than the memory budget (${ctx.memoryBudgetBytes} bytes)`);
    const layout = readNotebook(await readFile(source.path));
    const changes: RedactionChange[] = [];
    removePersonKeys(layout.nb.metadata, 'metadata', changes);
    cellsOf(layout.nb).forEach((cell: Json, cellIndex) => removePersonKeys(cell.metadata, 'metadata', changes, cellIndex));
    if (changes.length === 0) throw new RedactionError('redaction.nothing_to_change', 'The notebook’s metadata names no one');
    await writeFile(outPath, writeNotebook(layout));
    return { changeCount: changes.length, changes };
  },
};
