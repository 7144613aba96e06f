/**
 * Reads a Jupyter notebook for an operation and writes it back as it was laid out: the same
 * indentation (nbformat writes one space), byte-order mark and final newline, keys in their
 * order, and the same nbformat. Cells are found in nbformat 4 (`cells`) and 3 (`worksheets[].cells`).
 *
 * Example: `readNotebook(bytes)` then `writeNotebook(layout)` gives back the same JSON document.
 */
import { RedactionError } from '../types';

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface NotebookLayout {
  nb: Json;
  indent: number;
  bom: boolean;
  finalNewline: boolean;
}

/** Parses a notebook (UTF-8, optional byte-order mark); refuses what is not a notebook. */
export function readNotebook(bytes: Buffer): NotebookLayout {
  const raw = bytes.toString('utf8');
  const bom = raw.startsWith('\uFEFF');
  const text = bom ? raw.slice(1) : raw;
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch {
    throw new RedactionError('redaction.unparseable', 'The notebook is not valid JSON');
  }
  if (!isObject(nb) || typeof nb.nbformat !== 'number') throw new RedactionError('redaction.unparseable', 'The file is not a Jupyter notebook (no nbformat)');
  return { nb, indent: /^\{\r?\n( +)/.exec(text)?.[1]?.length ?? 1, bom, finalNewline: raw.endsWith('\n') };
}

export function writeNotebook(layout: NotebookLayout): Buffer {
  return Buffer.from(`${layout.bom ? '\uFEFF' : ''}${JSON.stringify(layout.nb, null, layout.indent)}${layout.finalNewline ? '\n' : ''}`, 'utf8');
}

/** The cells, in the order the checks number them (cellIndex). */
export function cellsOf(nb: Json): Json[] {
  if (Array.isArray(nb.cells)) return nb.cells.filter(isObject);
  if (Array.isArray(nb.worksheets)) return nb.worksheets.flatMap((w) => (isObject(w) && Array.isArray(w.cells) ? w.cells.filter(isObject) : []));
  throw new RedactionError('redaction.unparseable', 'The notebook has no cells');
}

export function isNotebookFile(file: { name: string; mediaType: string }): boolean {
  return file.mediaType === 'application/x-ipynb+json' || (file.name.toLowerCase().endsWith('.ipynb') && /json|^text\/plain/.test(file.mediaType));
}
