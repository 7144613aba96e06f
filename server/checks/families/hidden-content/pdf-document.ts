/**
 * Walks an opened pdf.js document: properties, attachments, form fields, JavaScript, then each
 * page's annotations and text, checking the time budget between pages.
 */
import { judgeDocumentProperties } from '../../shared/document-properties';
import type { DocumentProperty } from '../../shared/document-properties';
import { maskName } from '../../shared/mask-name';
import { finding } from '../../engine/types';
import type { CheckContext } from '../../engine/types';
import { plural } from './collector';
import type { Collector } from './collector';
import type { PdfDocument } from './pdf-document-type';
import { checkPdfPage } from './pdf-page';
import { abortable, ExtractProblem } from '../../engine/extract-guard';

/** Pages inspected at most; past this the rest is reported as not inspected. */
export const MAX_PDF_PAGES = 2000;

/** Adds everything found in `doc` to `out`; `rawJavascript` is the byte-level fallback. */
export async function checkPdfDocument(doc: PdfDocument, ctx: CheckContext, out: Collector, rawJavascript: boolean): Promise<void> {
  const step = <T>(p: Promise<T>) => abortable(p, ctx.signal);
  const safe = async <T>(p: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await step(p());
    } catch (e) {
      if (e instanceof ExtractProblem) throw e;
      return undefined;
    }
  };
  const javascript = new Set<string>();
  if (rawJavascript) javascript.add('a JavaScript action in the file');

  const meta = await safe(() => doc.getMetadata());
  if (meta) checkProperties(meta.info as Record<string, unknown>, meta.metadata, out);

  const attachments = (await safe(() => doc.getAttachments())) as Record<string, { filename?: string; content?: Uint8Array }> | null | undefined;
  const files = Object.entries(attachments ?? {});
  for (const [key, file] of files) if (file.content) out.member(file.filename || key, Buffer.from(file.content));
  if (files.length > 0) out.add(finding('hidden-content', 'pdf_attachment', 'review', `${plural(files.length, 'embedded file')} attached to the PDF; each is checked as an entry`));

  await checkFormFields((await safe(() => doc.getFieldObjects())) as Record<string, FieldObject[]> | null | undefined, out);

  const docJs = await safe(() => doc.getJSActions());
  if (docJs && Object.keys(docJs).length > 0) javascript.add('document-level JavaScript');
  if (await safe(() => doc.hasJSActions())) javascript.add('JavaScript in form fields');

  const pages = Math.min(doc.numPages, MAX_PDF_PAGES);
  let unreadablePages = 0;
  let checked = 0;
  for (let p = 1; p <= pages; p++) {
    if (ctx.signal.aborted) throw new ExtractProblem(`time budget exceeded after ${p - 1} of ${doc.numPages} pages`);
    try {
      await checkPdfPage(doc, p, ctx, out, javascript);
      checked++;
    } catch (e) {
      // One broken page (or a /Count larger than the real page tree) must not hide the others.
      if (e instanceof ExtractProblem) throw e;
      if (++unreadablePages >= 20) break;
    }
  }
  const unchecked = doc.numPages - checked;
  if (unchecked > 0) {
    out.add(
      finding(
        'hidden-content',
        'pdf_pages_not_checked',
        'review',
        `${plural(unchecked, 'page')} of ${doc.numPages} could not be inspected (unreadable or past the ${MAX_PDF_PAGES}-page limit); check them by hand`,
      ),
    );
  }
  if (javascript.size > 0) {
    out.add(finding('hidden-content', 'pdf_javascript', 'review', `The PDF contains JavaScript (${[...javascript].join('; ')}); scripts run when the file is opened and can hold data`));
  }
}

interface FieldObject {
  type?: string;
  value?: unknown;
  name?: string;
}

async function checkFormFields(fields: Record<string, FieldObject[]> | null | undefined, out: Collector): Promise<void> {
  let filled = 0;
  for (const [index, [name, widgets]] of Object.entries(fields ?? {}).entries()) {
    const values = new Set<string>();
    for (const w of widgets) {
      if (w.type === 'button' || w.type === 'signature') continue;
      const raw = Array.isArray(w.value) ? w.value.join(', ') : typeof w.value === 'string' || typeof w.value === 'number' ? String(w.value) : '';
      if (raw.trim() === '' || raw === 'Off') continue;
      values.add(raw);
    }
    if (values.size === 0) continue;
    filled++;
    const textual = widgets.some((w) => w.type === 'text' || w.type === 'combobox' || w.type === 'listbox');
    // A form field's name is the file's text: it is named by its order and masked name.
    if (textual) out.text([...values].join('\n'), { field: `form field ${index + 1} (“${maskName(name)}”)` });
  }
  if (filled > 0) {
    out.add(finding('hidden-content', 'pdf_form_fields', 'review', `${plural(filled, 'form field')} holding entered values; the values are stored in the file`));
  }
}

const INFO_KINDS: Record<string, DocumentProperty['kind']> = {
  Author: 'author',
  Title: 'descriptive',
  Subject: 'descriptive',
  Keywords: 'descriptive',
  Company: 'company',
  Manager: 'author',
};
const XMP_KINDS: Record<string, DocumentProperty['kind']> = {
  'dc:creator': 'author',
  'dc:contributor': 'author',
  'xmprights:owner': 'author',
  'pdfx:company': 'company',
  'pdfx:manager': 'author',
  'dc:title': 'descriptive',
  'dc:description': 'descriptive',
  'dc:subject': 'descriptive',
  'pdf:keywords': 'descriptive',
};

function checkProperties(info: Record<string, unknown>, xmp: { [Symbol.iterator](): Iterator<[string, unknown]> } | null | undefined, out: Collector): void {
  const props: DocumentProperty[] = [];
  for (const [name, kind] of Object.entries(INFO_KINDS)) {
    const v = info[name];
    if (typeof v === 'string') props.push({ name, value: v, kind, location: { part: 'Info', field: name } });
  }
  const custom = info.Custom as Record<string, unknown> | undefined;
  for (const [name, v] of Object.entries(custom ?? {})) {
    if (typeof v !== 'string') continue;
    const kind = INFO_KINDS[name] ?? 'descriptive';
    props.push({ name, value: v, kind, chosenName: INFO_KINDS[name] === undefined, location: { part: 'Info', field: name } });
  }
  try {
    for (const [key, value] of xmp ?? []) {
      const name = key.toLowerCase();
      const kind = XMP_KINDS[name] ?? (name.startsWith('pdfx:') ? 'descriptive' : undefined);
      if (!kind) continue;
      const text = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join('; ') : typeof value === 'string' ? value : '';
      props.push({ name: key, value: text, kind, chosenName: XMP_KINDS[name] === undefined, location: { part: 'XMP', field: key } });
    }
  } catch {
    // Unparseable XMP is left out; the Info dictionary has been read.
  }
  const judged = judgeDocumentProperties(props);
  out.add(...judged.findings);
  for (const t of judged.texts) out.text(t.text, t.location);
}
