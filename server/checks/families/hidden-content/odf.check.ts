/**
 * OpenDocument files (ODT, ODS, ODP and their templates): document properties from meta.xml,
 * comments, tracked changes (deleted text included), hidden text, hidden sheets, rows and
 * columns, hidden slides and speaker notes, macros (Basic/, Scripts/), and embedded objects and
 * pictures (handed back as members). An encrypted package (manifest encryption-data) is
 * unreadable as encrypted.
 *
 * Example: an ODS whose sheet "Raw" uses a table style with `table:display="false"` gives
 * `{rule:'hidden-content.hidden_sheet', severity:'review', location:{sheet:'R••••', sheetIndex:2}}` (a sheet is named by its position and masked name).
 */
import { sheetLocation } from '../../shared/mask-name';
import { judgeDocumentProperties } from '../../shared/document-properties';
import type { DocumentProperty } from '../../shared/document-properties';
import { sheetIdentifierFindings } from '../../shared/sheet-columns';
import { finding } from '../../engine/types';
import type { CheckContext, Extracted, FileInfo, FormatHandler } from '../../engine/types';
import { Collector, plural } from './collector';
import { scanOdfContent } from './odf-scan';
import type { OdfContent } from './odf-scan';
import { assertWithinBudget, ENCRYPTED_REASON, ExtractProblem, guardExtract } from '../../engine/extract-guard';
import { columnName, newSheetBudget } from './sheet-scan';
import { children, first, parseXml, textOf } from './xml-scan';
import { openZip } from './zip-package';
import type { ZipPackage } from './zip-package';
import { mediaTypesOf } from '../../formats/registry';

const ODF_TYPES = mediaTypesOf('opendocument');

const META_KINDS: Record<string, DocumentProperty['kind']> = {
  'initial-creator': 'author',
  creator: 'author',
  title: 'descriptive',
  subject: 'descriptive',
  description: 'descriptive',
  keyword: 'descriptive',
};

/** Opens OpenDocument text, spreadsheet and presentation packages. */
export const odfHandler: FormatHandler = {
  name: 'opendocument',
  matches: (file: FileInfo) => ODF_TYPES.has(file.mediaType.toLowerCase()),
  extract: (bytes: Buffer, _file: FileInfo, ctx: CheckContext): Promise<Extracted> => {
    const out = new Collector();
    return guardExtract(
      'OpenDocument file',
      () => out.result(),
      async () => {
        const zip = await openZip(bytes);
        const manifest = (await zip.text('META-INF/manifest.xml')) ?? '';
        if (/<(\w+:)?encryption-data\b/.test(manifest)) throw new ExtractProblem(ENCRYPTED_REASON);
        await checkMeta(zip, out);
        const xml = await zip.text('content.xml');
        if (xml === undefined) throw new ExtractProblem('OpenDocument package without content.xml');
        const content = scanOdfContent(xml, 'content.xml', newSheetBudget(), () => assertWithinBudget(ctx));
        report(content, out);
        await collectParts(zip, manifest, out);
        return out.result();
      },
    );
  },
};

async function checkMeta(zip: ZipPackage, out: Collector): Promise<void> {
  const xml = await zip.text('meta.xml');
  if (xml === undefined) return;
  const meta = first(parseXml(xml, 'meta.xml'), 'document-meta', 'meta');
  const props: DocumentProperty[] = [];
  for (const [name, kind] of Object.entries(META_KINDS)) {
    for (const node of children(meta, name)) props.push({ name, value: textOf(node), kind, location: { part: 'meta.xml', field: name } });
  }
  for (const node of children(meta, 'user-defined')) {
    const name = typeof node['@_name'] === 'string' ? node['@_name'] : 'unnamed';
    props.push({ name, value: textOf(node), kind: 'custom', chosenName: true, location: { part: 'meta.xml', field: name } });
  }
  const judged = judgeDocumentProperties(props);
  out.add(...judged.findings);
  for (const t of judged.texts) out.text(t.text, t.location);
}

function report(c: OdfContent, out: Collector): void {
  const part = { part: 'content.xml' };
  out.text(c.paragraphs.join('\n'), part);
  if (c.comments.length > 0) out.text(c.comments.join('\n'), { part: 'content.xml', field: 'comments' });
  if (c.deleted.length > 0) out.text(c.deleted.join('\n'), { part: 'content.xml', field: 'deleted text' });
  if (c.annotations > 0) out.add(finding('hidden-content', 'comments', 'review', `${plural(c.annotations, 'comment')} with author names; remove them before release`, part));
  if (c.changes > 0) {
    const deleted = c.deleted.length > 0 ? '; deleted text is still stored in the file' : '';
    out.add(finding('hidden-content', 'tracked_changes', 'review', `${plural(c.changes, 'tracked change')} with reviser names${deleted}; accept or reject them before release`, part));
  }
  if (c.hiddenText > 0)
    out.add(finding('hidden-content', 'hidden_text', 'review', `${plural(c.hiddenText, 'piece')} of hidden text or hidden sections, invisible when printed but still in the file`, part));
  for (const [index, s] of c.sheets.entries()) {
    // A sheet's name is the file's text: findings place it by position and masked name.
    const where = sheetLocation(index + 1, s.name);
    out.table(s.rows, where);
    out.add(...sheetIdentifierFindings({ rows: s.rows, where, locate: (i, column) => ({ ...where, cell: `${columnName(column)}${s.rowNumbers[i]}` }) }));
    for (const t of s.texts) out.text(t.text, { ...where, cell: t.cell });
    if (s.hidden) out.add(finding('hidden-content', 'hidden_sheet', 'review', 'A hidden sheet; its data is in the file and is checked like the others', where));
    if (s.hiddenRows > 0) out.add(finding('hidden-content', 'hidden_rows', 'review', `${plural(s.hiddenRows, 'hidden row')}; unhide or delete them before release`, where));
    if (s.hiddenColumns > 0) out.add(finding('hidden-content', 'hidden_columns', 'review', `${plural(s.hiddenColumns, 'hidden column')}; unhide or delete them before release`, where));
    if (s.comments > 0) out.add(finding('hidden-content', 'comments', 'review', `${plural(s.comments, 'comment')} with author names on this sheet; remove them before release`, where));
    if (s.truncated) out.add(finding('hidden-content', 'sheet_truncated', 'review', 'Only part of this sheet was analysed as a table; check the rest by hand', where));
  }
  c.slides.forEach((slide, i) => {
    const where = { part: 'content.xml', page: i + 1 };
    out.text(slide.text.join('\n'), where);
    if (slide.hidden) out.add(finding('hidden-content', 'hidden_slide', 'review', 'A hidden slide: not shown in the presentation but still in the file (its text is checked)', where));
    const notes = slide.notes.join('\n').trim();
    if (notes !== '') {
      out.text(notes, where);
      out.add(finding('hidden-content', 'speaker_notes', 'review', 'Speaker notes: text not shown on the slide but stored with it', where));
    }
  });
}

/** Media types of the sub-documents listed in the manifest ('Object 1' → '…opendocument.chart'). */
function objectTypes(manifest: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const m of manifest.matchAll(/<(?:\w+:)?file-entry\b[^>]*>/g)) {
    const path = /full-path="([^"]*)"/.exec(m[0])?.[1]?.replace(/\/$/, '');
    const type = /media-type="([^"]*)"/.exec(m[0])?.[1];
    if (path && type !== undefined) types.set(path.toLowerCase(), type);
  }
  return types;
}

async function collectParts(zip: ZipPackage, manifest: string, out: Collector): Promise<void> {
  const types = objectTypes(manifest);
  const macro = zip.names.find((n) => /^(Basic|Scripts)\/.+/i.test(n) && !/(^|\/)(script-lc|manifest)\.xml$/i.test(n));
  if (macro) out.add(finding('hidden-content', 'macros', 'review', 'The document contains macros (Basic or scripts); macros are code and can hold data', { part: macro }));
  const objects = new Set<string>();
  for (const name of zip.names) {
    const object = /^(Object \d+|ObjectReplacements)\//i.exec(name)?.[1];
    const picture = /^Pictures\//i.test(name);
    if (!object && !picture) continue;
    const handed = out.canTakeMember(zip.size(name) ?? 0) && out.member(name, (await zip.read(name)) ?? Buffer.alloc(0));
    // Charts are stored as sub-documents too; they are checked as entries but are not hidden content.
    const chart = /opendocument\.chart/.test(types.get((object ?? '').toLowerCase()) ?? '');
    if (object && !chart && !/^ObjectReplacements$/i.test(object) && !objects.has(object)) {
      objects.add(object);
      const note = handed ? 'its parts are checked as entries' : 'it is too large or too many to check here; inspect it by hand';
      out.add(finding('hidden-content', 'embedded_object', 'review', `The document embeds an object (${object}); ${note}`, { part: `${object}/` }));
    }
  }
}
