/**
 * The edits of `pdf.clean` on a document opened with pdf-lib: document information and XMP
 * metadata, annotations a reader left (notes, highlights, stamps, their pop-ups), attached files
 * (the EmbeddedFiles name tree, associated files and file-attachment annotations) and form
 * fields (the AcroForm and its widgets, so typed-in values go with them). Links stay (they are
 * navigation) and so do redaction marks that were never applied: removing one would hide that
 * the text beneath still has to go, so the outcome says to apply them by hand instead.
 *
 * Example: a page with a /Text note, its /Popup and a /Link keeps only the /Link.
 */
import { PDFArray, PDFDict, PDFName, PDFRef } from 'pdf-lib';
import type { PDFDocument, PDFPageLeaf } from 'pdf-lib';
import type { RedactionChange } from '../types';

export const PDF_TARGETS = ['metadata', 'annotations', 'attachments', 'form_fields'] as const;
export type PdfTarget = (typeof PDF_TARGETS)[number];

/** What the edits did: the changes for the outcome and the notes for the user. */
export interface PdfEdits {
  changes: RedactionChange[];
  notes: string[];
}

/** Annotations that are not left behind by a reader: navigation, form machinery, print furniture. */
const KEPT_SUBTYPES = new Set(['Link', 'Widget', 'PrinterMark', 'TrapNet', 'Redact']);

const name = (n: string) => PDFName.of(n);

/** Applies the chosen removals to `doc` in place. */
export function cleanPdf(doc: PDFDocument, targets: readonly PdfTarget[]): PdfEdits {
  const out: PdfEdits = { changes: [], notes: [] };
  const want = (t: PdfTarget) => targets.includes(t);
  const catalog = doc.catalog;
  if (want('metadata')) {
    if (doc.context.trailerInfo.Info) {
      doc.context.trailerInfo.Info = undefined;
      out.changes.push({ location: { part: 'Info' }, change: 'removed the document information (author, title, subject, keywords, dates)' });
    }
    if (catalog.has(name('Metadata'))) {
      catalog.delete(name('Metadata'));
      out.changes.push({ location: { part: 'XMP' }, change: 'removed the XMP metadata' });
    }
    for (const key of ['PieceInfo', 'SpiderInfo']) catalog.delete(name(key));
  }
  if (want('attachments')) {
    const names = catalog.lookupMaybe(name('Names'), PDFDict);
    if (names?.has(name('EmbeddedFiles'))) {
      names.delete(name('EmbeddedFiles'));
      if (names.keys().length === 0) catalog.delete(name('Names'));
      out.changes.push({ change: 'removed the files attached to the document' });
    }
    if (catalog.has(name('AF'))) {
      catalog.delete(name('AF'));
      out.changes.push({ change: 'removed the associated files' });
    }
  }
  if (want('form_fields') && catalog.has(name('AcroForm'))) {
    catalog.delete(name('AcroForm'));
    out.changes.push({ change: 'removed the form and the values entered in it' });
  }
  let unapplied = 0;
  doc.getPages().forEach((page, i) => {
    const node = page.node;
    if (want('metadata')) for (const key of ['Metadata', 'PieceInfo']) node.delete(name(key));
    const kept = filterAnnotations(node, (subtype) => {
      if (subtype === 'Widget') return !want('form_fields');
      if (subtype === 'FileAttachment') return !want('attachments') && !want('annotations');
      if (subtype === 'Redact') {
        unapplied++;
        return true;
      }
      return KEPT_SUBTYPES.has(subtype) || !want('annotations');
    });
    if (kept.removed.length > 0) {
      const kinds = [...new Set(kept.removed)].join(', ');
      out.changes.push({ location: { page: i + 1 }, change: `removed ${kept.removed.length} annotation${kept.removed.length === 1 ? '' : 's'} (${kinds})` });
    }
  });
  if (unapplied > 0) {
    out.notes.push(
      `${unapplied} redaction mark${unapplied === 1 ? ' was' : 's were'} never applied: the text beneath is still in the file. Apply the redaction in a PDF editor inside the environment and add the file again.`,
    );
  }
  return out;
}

/** Keeps the page's annotations for which `keep(subtype)` is true; returns the subtypes removed. */
function filterAnnotations(page: PDFPageLeaf, keep: (subtype: string) => boolean): { removed: string[] } {
  const annots = page.lookupMaybe(name('Annots'), PDFArray);
  if (!annots) return { removed: [] };
  const removed: string[] = [];
  const kept: (PDFRef | PDFDict)[] = [];
  for (let i = 0; i < annots.size(); i++) {
    const raw = annots.get(i);
    const dict = annots.lookupMaybe(i, PDFDict);
    const subtype = dict?.lookupMaybe(name('Subtype'), PDFName)?.decodeText() ?? 'Unknown';
    if (dict && !keep(subtype)) removed.push(subtype);
    else if (raw instanceof PDFRef || raw instanceof PDFDict) kept.push(raw);
  }
  if (removed.length === 0) return { removed };
  if (kept.length === 0) page.delete(name('Annots'));
  else page.set(name('Annots'), page.context.obj(kept));
  return { removed };
}
