/**
 * One PDF page: its annotations (review when any markup annotation is present; links and form
 * widgets are not annotations a reader left behind), file attachments pinned to the page,
 * unapplied redactions, page-level scripts, and the page text for the text detectors.
 *
 * Example: a page holding a Text note and its Popup gives one
 * `hidden-content.pdf_annotations` finding at {page} ("1 annotation (Text)").
 */
import { finding } from '../../engine/types';
import type { CheckContext } from '../../engine/types';
import { plural } from './collector';
import type { Collector } from './collector';
import type { PdfDocument } from './pdf-document-type';
import { abortable, ExtractProblem } from '../../engine/extract-guard';

interface AnnotationData {
  subtype?: string;
  contentsObj?: { str?: string };
  titleObj?: { str?: string };
  actions?: Record<string, unknown>;
  unsafeUrl?: string;
  url?: string;
  file?: { filename?: string; content?: Uint8Array };
}

/** Subtypes that are navigation, form machinery or print furniture, not notes left in the file. */
const NOT_MARKUP = new Set(['Link', 'Widget', 'Popup', 'PrinterMark', 'TrapNet']);

/** Inspects page `p` (1-based) of `doc`, adding to `out`; script locations go into `javascript`. */
export async function checkPdfPage(doc: PdfDocument, p: number, ctx: CheckContext, out: Collector, javascript: Set<string>): Promise<void> {
  const page = await abortable(doc.getPage(p), ctx.signal);
  try {
    const annotations = ((await optional(() => abortable(page.getAnnotations(), ctx.signal))) ?? []) as AnnotationData[];
    const markup: string[] = [];
    const notes: string[] = [];
    let redactions = 0;
    let attachments = 0;
    for (const a of annotations) {
      const subtype = a.subtype ?? 'Unknown';
      if (a.actions && Object.keys(a.actions).length > 0) javascript.add(`an annotation on page ${p}`);
      if (/^javascript:/i.test(a.unsafeUrl ?? '')) javascript.add(`a link on page ${p}`);
      if (a.file?.content) {
        attachments++;
        out.member(a.file.filename || `page-${p}-attachment-${attachments}`, Buffer.from(a.file.content));
      }
      if (NOT_MARKUP.has(subtype)) {
        if (subtype === 'Link' && a.url) notes.push(a.url);
        continue;
      }
      if (subtype === 'Redact') redactions++;
      else markup.push(subtype);
      for (const s of [a.titleObj?.str, a.contentsObj?.str]) if (s && s.trim() !== '') notes.push(s);
    }
    const where = { page: p };
    if (markup.length > 0) {
      const kinds = [...new Set(markup)].join(', ');
      out.add(finding('hidden-content', 'pdf_annotations', 'review', `${plural(markup.length, 'annotation')} (${kinds}) with author names and notes; flatten or remove them before release`, where));
    }
    if (attachments > 0) out.add(finding('hidden-content', 'pdf_attachment', 'review', `${plural(attachments, 'file')} attached to this page; each is checked as an entry`, where));
    if (redactions > 0) {
      out.add(finding('hidden-content', 'pdf_unapplied_redaction', 'review', `${plural(redactions, 'redaction')} marked but not applied: the text underneath is still in the file`, where));
    }
    out.text(notes.join('\n'), where);
    const pageJs = await optional(() => abortable(page.getJSActions(), ctx.signal));
    if (pageJs && Object.keys(pageJs).length > 0) javascript.add(`page ${p} actions`);
    const content = await optional(() => abortable(page.getTextContent(), ctx.signal));
    if (content) {
      const text = content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : '')).join('');
      out.text(text, where);
    }
  } finally {
    page.cleanup();
  }
}

/** Runs a pdf.js call that may fail on a damaged object without failing the page; budget problems still end the walk. */
async function optional<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ExtractProblem) throw e;
    return undefined;
  }
}
