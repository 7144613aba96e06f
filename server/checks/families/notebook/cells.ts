/**
 * Reads the cells of a Jupyter notebook in any of nbformat 4 (`cells`, MIME bundles in `data`),
 * 3 and 2 (`worksheets`, `input`, short keys such as `html`/`png` on the output itself) into one
 * shape: each cell's source and its outputs as MIME bundles.
 */

/** One stored output as a MIME bundle (`text/plain`, `text/html`, `image/png`…). */
export interface NbOutput {
  type: string;
  bundle: Record<string, unknown>;
}

/** One cell, whatever the nbformat version. */
export interface NbCell {
  type: string;
  source: string;
  outputs: NbOutput[];
  /** Markdown cell attachments: file name → MIME bundle. */
  attachments: Record<string, Record<string, unknown>>;
}

/** A notebook's cells and its top-level metadata. */
export interface Notebook {
  cells: NbCell[];
  metadata: Record<string, unknown>;
}

const V3_KEYS: Record<string, string> = {
  text: 'text/plain',
  html: 'text/html',
  latex: 'text/latex',
  markdown: 'text/markdown',
  png: 'image/png',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  json: 'application/json',
  javascript: 'application/javascript',
  pdf: 'application/pdf',
};

/** Notebook text fields are a string or a list of lines. */
export function joinText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join('');
  return '';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Terminal colour codes in tracebacks. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g');

/** Turns an output of any version into a MIME bundle. */
function readOutput(raw: Record<string, unknown>): NbOutput {
  const type = typeof raw.output_type === 'string' ? raw.output_type : 'unknown';
  if (type === 'stream') return { type, bundle: { 'text/plain': joinText(raw.text) } };
  if (type === 'error' || type === 'pyerr') {
    const trace = Array.isArray(raw.traceback) ? raw.traceback.map(joinText).join('\n') : '';
    const head = [raw.ename, raw.evalue].filter((v) => typeof v === 'string').join(': ');
    return { type, bundle: { 'text/plain': `${head}\n${trace}`.replace(ANSI, '').trim() } };
  }
  if (isObject(raw.data)) return { type, bundle: raw.data };
  const bundle: Record<string, unknown> = {};
  for (const [key, mime] of Object.entries(V3_KEYS)) if (key in raw) bundle[mime] = raw[key];
  return { type, bundle };
}

function readCell(raw: unknown): NbCell {
  const cell = isObject(raw) ? raw : {};
  const type = typeof cell.cell_type === 'string' ? cell.cell_type : 'unknown';
  const source = joinText(cell.source ?? cell.input);
  const outputs = Array.isArray(cell.outputs) ? cell.outputs.filter(isObject).map(readOutput) : [];
  const attachments: NbCell['attachments'] = {};
  if (isObject(cell.attachments)) {
    for (const [name, bundle] of Object.entries(cell.attachments)) if (isObject(bundle)) attachments[name] = bundle;
  }
  return { type, source, outputs, attachments };
}

/** Reads a parsed notebook; returns a reason string when the JSON is not a notebook. */
export function readNotebook(json: unknown): Notebook | string {
  if (!isObject(json)) return 'the JSON is not a Jupyter notebook (not an object)';
  const metadata = isObject(json.metadata) ? json.metadata : {};
  if (Array.isArray(json.cells)) return { cells: json.cells.map(readCell), metadata };
  if (Array.isArray(json.worksheets)) {
    const cells = json.worksheets.flatMap((ws) => (isObject(ws) && Array.isArray(ws.cells) ? ws.cells.map(readCell) : []));
    return { cells, metadata };
  }
  return 'the JSON is not a Jupyter notebook (no cells or worksheets)';
}
