/**
 * `pdf.clean`: removes metadata, annotations, attached files and form fields from a PDF and
 * writes it again as a single revision (one body, one cross-reference table, one `%%EOF`), so
 * earlier incremental saves and every object the document no longer uses are gone. The text
 * drawn on the pages is not touched: when the findings to resolve are in the page text, the
 * outcome says so and the user redacts by hand inside the environment and adds the file again.
 *
 * Example: `{ remove: ['metadata'] }` on a PDF saved three times gives a one-revision PDF
 * without its Info dictionary and XMP stream; its pages draw exactly what they drew before.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import { readRawPdf } from '../../checks/families/hidden-content/pdf-raw';
import { RedactionError } from '../types';
import type { RedactionOperation } from '../types';
import { cleanPdf, PDF_TARGETS } from './pdf-clean';
import { dropUnreachable } from './unreachable';

const pdfCleanParameters = z
  .object({
    /** What to remove; all of it when left out. The file is always written as one revision. */
    remove: z.array(z.enum(PDF_TARGETS)).optional(),
  })
  .strict();
export type PdfCleanParameters = z.infer<typeof pdfCleanParameters>;

/** Findings this operation resolves; any other finding on a PDF is in its page text. */
const RESOLVED_RULES = new Set([
  'hidden-content.pdf_annotations',
  'hidden-content.pdf_attachment',
  'hidden-content.pdf_form_fields',
  'hidden-content.pdf_incremental_update',
  'metadata.document_author',
  'metadata.document_company',
  'metadata.custom_property',
]);

export const pdfClean: RedactionOperation<PdfCleanParameters> = {
  id: 'pdf.clean',
  family: 'pdf',
  title: 'Remove PDF metadata, annotations, attachments and forms',
  description: 'Removes document metadata, annotations, attached files and form fields from a PDF and saves it as a single revision; the page text is not changed.',
  parameters: pdfCleanParameters,
  supports: (file) => file.mediaType.toLowerCase() === 'application/pdf',
  async apply(source, params, outPath, ctx) {
    if (source.mediaType.toLowerCase() !== 'application/pdf') throw new RedactionError('redaction.unsupported_format', `pdf.clean works on PDF files, not ${source.mediaType}`);
    if (source.bytes > ctx.memoryBudgetBytes)
      throw new RedactionError('redaction.too_large', `The PDF is ${source.bytes} bytes, over the ${ctx.memoryBudgetBytes}-byte memory budget for redacting documents`);
    const bytes = await readFile(source.path);
    if (bytes.length > ctx.memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The PDF is over the ${ctx.memoryBudgetBytes}-byte memory budget for redacting documents`);
    if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) throw new RedactionError('redaction.unparseable', 'The file is not a PDF (no %PDF- header)');
    const saves = readRawPdf(bytes).saves;
    let doc: PDFDocument;
    try {
      doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    } catch (e) {
      if (e instanceof EncryptedPDFError) throw new RedactionError('redaction.unparseable', 'The PDF is encrypted; it cannot be redacted here');
      throw new RedactionError('redaction.unparseable', 'The PDF cannot be parsed');
    }
    if (doc.isEncrypted) throw new RedactionError('redaction.unparseable', 'The PDF is encrypted; it cannot be redacted here');
    if (ctx.signal.aborted) throw new RedactionError('redaction.too_large', 'The PDF took longer than the time budget allows to redact');
    const edits = cleanPdf(doc, params.remove ?? PDF_TARGETS);
    const changes = [...edits.changes];
    if (saves > 1) changes.push({ change: `saved as one revision; the ${saves - 1} earlier incremental save${saves === 2 ? '' : 's'} are gone` });
    if (changes.length === 0) throw new RedactionError('redaction.nothing_to_change', 'The PDF holds none of what the operation removes and was saved once; it is unchanged');
    dropUnreachable(doc.context);
    const notes = [...edits.notes];
    if (ctx.targets.some((t) => !RESOLVED_RULES.has(t.rule))) {
      notes.push('Some findings are in the text drawn on the pages, which this operation does not change: redact that text by hand inside the environment and add the file again.');
    }
    const out = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
    await writeFile(outPath, out);
    return { changeCount: changes.length, changes, ...(notes.length > 0 ? { notes } : {}) };
  },
};
