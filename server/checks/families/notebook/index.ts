/**
 * Jupyter notebook handler (docs/design.md §7, family `notebook`). Code cells with stored outputs →
 * one `notebook.stored_outputs` finding (review) with the count; author names in the notebook
 * metadata → `notebook.author_metadata` (review). Everything a reviewer would need to read is
 * handed to the other families: cell sources and output text as `texts` (location {cellIndex,
 * part}), HTML and data-resource tables and tables printed in plain-text outputs as `tables`,
 * images and other binary outputs as `members`.
 * A stripped notebook (no outputs) yields no notebook finding.
 */
import { finding, type CheckContext, type Extracted, type FileInfo, type Finding, type FindingLocation, type FormatHandler } from '../../engine/types';
import { joinText, readNotebook, type NbCell, type Notebook } from './cells';
import { readPrintedTables } from '../../shared/printed-table';
import { htmlToText, parseHtmlTables } from './html';

/** Binary output types returned as members, with the extension their member name gets. */
const BINARY_TYPES: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
  'application/pdf': 'pdf',
};
/** Output types that carry no content worth checking (widget model ids). */
const IGNORED_TYPES = new Set(['application/vnd.jupyter.widget-view+json']);

type Sink = Required<Pick<Extracted, 'texts' | 'tables' | 'members'>>;

function asText(value: unknown): string {
  if (typeof value === 'string' || Array.isArray(value)) return joinText(value);
  return JSON.stringify(value, null, 1) ?? '';
}

/** A pandas `application/vnd.dataresource+json` bundle (table schema + records) as rows. */
function dataResourceRows(value: unknown): string[][] | null {
  const v = value as { schema?: { fields?: { name?: unknown }[] }; data?: unknown[] } | null;
  const fields = v?.schema?.fields?.map((f) => String(f?.name ?? ''));
  if (!fields || !Array.isArray(v?.data)) return null;
  const rows = v.data.map((rec) =>
    fields.map((f) => {
      const cell = (rec as Record<string, unknown> | null)?.[f];
      return cell === null || cell === undefined ? '' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
    }),
  );
  return [fields, ...rows];
}

/** Adds one MIME bundle's content to the sink; `stem` names binary members (made up here, never the notebook's text). */
function addBundle(bundle: Record<string, unknown>, location: FindingLocation, stem: string, out: Sink): void {
  const hasHtml = 'text/html' in bundle;
  for (const [mime, value] of Object.entries(bundle)) {
    if (IGNORED_TYPES.has(mime)) continue;
    const ext = BINARY_TYPES[mime];
    if (ext) {
      const b64 = joinText(value).replace(/\s+/g, '');
      if (b64) out.members.push({ name: `${stem}.${ext}`, bytes: Buffer.from(b64, 'base64'), generated: true });
    } else if (mime === 'image/svg+xml') {
      out.members.push({ name: `${stem}.svg`, bytes: Buffer.from(joinText(value), 'utf8'), generated: true });
    } else if (mime === 'text/html') {
      const html = joinText(value);
      for (const rows of parseHtmlTables(html)) out.tables.push({ rows, location });
      const text = htmlToText(html);
      if (text) out.texts.push({ text, location });
    } else if (mime === 'application/vnd.dataresource+json') {
      const rows = dataResourceRows(value);
      if (rows && !hasHtml) out.tables.push({ rows, location });
    } else if (mime === 'text/plain' && hasHtml) {
      // The plain-text form of an object that also has an HTML form: the HTML is checked instead.
    } else {
      const text = asText(value);
      if (text.trim()) out.texts.push({ text, location });
      // Printed R/Stata/pandas tables in plain-text output go to the table analysers too.
      if (mime === 'text/plain') for (const t of readPrintedTables(text)) out.tables.push({ rows: t.rows, location: { ...location, line: t.line } });
    }
  }
}

/** Names in `metadata.authors` (list of names or {name}) and `metadata.author`. */
function authorFields(metadata: Notebook['metadata']): { field: string; names: string[] }[] {
  const found: { field: string; names: string[] }[] = [];
  const authors = metadata.authors;
  if (Array.isArray(authors)) {
    const names = authors.map((a) => (typeof a === 'string' ? a : typeof a === 'object' && a !== null ? String((a as { name?: unknown }).name ?? '') : '')).filter((n) => n.trim());
    if (names.length > 0) found.push({ field: 'metadata.authors', names });
  }
  const author = metadata.author;
  if (typeof author === 'string' && author.trim()) found.push({ field: 'metadata.author', names: [author] });
  return found;
}

function storedOutputsFinding(cells: NbCell[]) {
  const withOutputs = cells.map((c, i) => ({ i, n: c.outputs.length })).filter((c) => c.n > 0);
  const first = withOutputs[0];
  if (!first) return null;
  const total = withOutputs.reduce((s, c) => s + c.n, 0);
  const message =
    `${total} stored output${total === 1 ? '' : 's'} in ${withOutputs.length} code cell${withOutputs.length === 1 ? '' : 's'} ` +
    `(first at cell ${first.i}); outputs can disclose results and data: clear them or have each one checked`;
  return finding('notebook', 'stored_outputs', 'review', message, { cellIndex: first.i });
}

/** Reads a notebook's bytes into findings, texts, tables and members; never throws. */
export function extractNotebook(bytes: Buffer): Extracted {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    // The parser's message quotes the file's content, so only the position is kept.
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    return { findings: [], unreadable: `notebook is not valid JSON${at ? ` (at character ${at[1]})` : ''}` };
  }
  const nb = readNotebook(json);
  if (typeof nb === 'string') return { findings: [], unreadable: nb };

  const out: Sink = { texts: [], tables: [], members: [] };
  const findings: Finding[] = [];
  nb.cells.forEach((cell, cellIndex) => {
    if (cell.source.trim()) out.texts.push({ text: cell.source, location: { cellIndex, part: 'source' } });
    // An attachment's name is the notebook's text: attachments are numbered instead.
    Object.values(cell.attachments).forEach((bundle, k) => addBundle(bundle, { cellIndex, part: 'attachment' }, `cell-${cellIndex}-attachment-${k + 1}`, out));
    cell.outputs.forEach((output, i) => addBundle(output.bundle, { cellIndex, part: `output-${i}` }, `cell-${cellIndex}-output-${i}`, out));
  });
  const stored = storedOutputsFinding(nb.cells);
  if (stored) findings.push(stored);
  for (const { field, names } of authorFields(nb.metadata)) {
    findings.push(finding('notebook', 'author_metadata', 'review', `Notebook metadata names ${names.length} author${names.length === 1 ? '' : 's'}`, { field }));
    out.texts.push({ text: names.map((n) => `Author: ${n}`).join('\n'), location: { field } });
  }
  return { findings, ...out };
}

/** Whether a detected file is a notebook: its media type, or JSON named `.ipynb`. */
function isNotebook(file: FileInfo): boolean {
  if (file.mediaType === 'application/x-ipynb+json') return true;
  return file.name.endsWith('.ipynb') && /json|^text\/plain/.test(file.mediaType);
}

/** The notebook handler. */
export const notebookHandler: FormatHandler = {
  name: 'notebook',
  matches: isNotebook,
  extract: async (bytes: Buffer, _file: FileInfo, ctx: CheckContext) => {
    if (bytes.length > ctx.parameters.maxFileBytesInMemory) return { findings: [], unreadable: 'notebook is larger than the in-memory budget' };
    try {
      return extractNotebook(bytes);
    } catch (err) {
      return { findings: [], unreadable: `notebook could not be read: ${err instanceof Error ? err.name : 'error'}` };
    }
  },
};

/** Jupyter notebooks: stored outputs and metadata. */
export const notebookHandlers: FormatHandler[] = [notebookHandler];
