/**
 * Masking inside a Jupyter notebook: only the cells' sources are text to mask (outputs are
 * cleared instead, notebooks.clear_outputs). Each cell's source is read as the checks read it
 * (one text per cell, its own line numbers, location `{ cellIndex, part: 'source' }`), masked
 * with its own LineMasker, and written back in the form it had (a string, or a list of lines).
 * The notebook is written again as JSON with the indentation it had; nbformat is unchanged.
 *
 * Example: a finding `pii.email` at `{ cellIndex: 2, part: 'source', line: 1 }` masks the
 * emails on the first line of cell 2's source.
 */
import type { CheckContext, FileInfo } from '../../checks/engine/types';
import { RedactionError, type TargetFinding } from '../types';
import { LineMasker, type MaskedValue } from './line-masker';
import { type MaskSelection, buildSelection } from './mask-selection';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The source-holding cells of a notebook of nbformat 4 (`cells`) or 3 (`worksheets[].cells`, code in `input`). */
function sourceCells(nb: Json): { cell: Json; key: 'source' | 'input' }[] {
  const cells = Array.isArray(nb.cells) ? nb.cells : Array.isArray(nb.worksheets) ? nb.worksheets.flatMap((w) => (isObject(w) && Array.isArray(w.cells) ? w.cells : [])) : undefined;
  if (!cells) throw new RedactionError('redaction.unparseable', 'The notebook has no cells');
  return cells.filter(isObject).map((cell) => ({ cell, key: 'input' in cell && !('source' in cell) ? 'input' : 'source' }));
}

function joinSource(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join('');
  return '';
}

/** `text` back in the source's form: a string, or a list of lines each ending with its `\n`. */
function splitSource(text: string, like: unknown): string | string[] {
  if (typeof like === 'string') return text;
  return text.split(/(?<=\n)/).filter((l) => l.length > 0);
}

/** Parses a notebook's bytes (UTF-8, an optional byte-order mark) and notes how it was laid out. */
export function readNotebookJson(bytes: Buffer): { nb: Json; indent: number; bom: boolean; finalNewline: boolean } {
  const raw = bytes.toString('utf8');
  const bom = raw.startsWith('\uFEFF');
  let nb: unknown;
  try {
    nb = JSON.parse(bom ? raw.slice(1) : raw);
  } catch {
    throw new RedactionError('redaction.unparseable', 'The notebook is not valid JSON');
  }
  if (!isObject(nb)) throw new RedactionError('redaction.unparseable', 'The notebook is not a JSON object');
  const indent = /^\{\r?\n( +)/.exec(bom ? raw.slice(1) : raw)?.[1]?.length ?? 1;
  return { nb, indent, bom, finalNewline: raw.endsWith('\n') };
}

/** The notebook written back as it was laid out. */
export function writeNotebookJson(layout: { nb: Json; indent: number; bom: boolean; finalNewline: boolean }): Buffer {
  return Buffer.from(`${layout.bom ? '\uFEFF' : ''}${JSON.stringify(layout.nb, null, layout.indent)}${layout.finalNewline ? '\n' : ''}`, 'utf8');
}

/** Masks the chosen values in every cell source; returns the masked values, with their cell. */
export function maskNotebookSources(nb: Json, file: FileInfo, ctx: CheckContext, params: { rules?: string[]; families?: string[] }, targets: TargetFinding[]): (MaskedValue & { cellIndex: number })[] {
  for (const t of targets) {
    const part = t.location?.part;
    if (t.location?.cellIndex === undefined || (part !== undefined && part !== 'source')) {
      throw new RedactionError('redaction.invalid_parameters', `Finding ${t.rule} is not in a cell's source: clear outputs or remove author metadata instead`);
    }
  }
  const masked: (MaskedValue & { cellIndex: number })[] = [];
  // Validates the parameters and targets once for the whole notebook.
  buildSelection(params, targets);
  sourceCells(nb).forEach(({ cell, key }, cellIndex) => {
    const own = targets.filter((t) => t.location?.cellIndex === cellIndex);
    if (own.length === 0 && !params.rules?.length && !params.families?.length) return;
    const selection: MaskSelection = buildSelection(params, own);
    let text = joinSource(cell[key]);
    // Until no chosen value is left (a cell is small: it is simply read again).
    for (let pass = 0; pass < 8; pass++) {
      const masker = new LineMasker(file, ctx, selection);
      let changed = false;
      const lines = text.split('\n').map((line, i) => {
        const cr = line.endsWith('\r');
        const result = masker.line(cr ? line.slice(0, -1) : line, i + 1);
        if (!result) return line;
        changed = true;
        for (const m of result.masked) masked.push({ ...m, cellIndex });
        return cr ? `${result.text}\r` : result.text;
      });
      if (!changed) break;
      text = lines.join('\n');
      cell[key] = splitSource(text, cell[key]);
    }
  });
  return masked;
}
