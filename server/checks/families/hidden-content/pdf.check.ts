/**
 * PDFs: annotations (sticky notes, highlights, unapplied redactions…), attachments (handed back
 * as members), filled form fields, JavaScript, incremental-update history and the Info/XMP
 * authorship properties. Page text goes to the text detectors at {page}. pdf.js is loaded only
 * when a PDF is inspected, runs without eval and font loading, and is abandoned when the file's
 * time budget runs out. An encrypted PDF is unreadable; a damaged one is inspected as far as
 * pdf.js can recover it and reported unreadable with what is wrong.
 *
 * Example: a page with a `/Subtype /Text` annotation gives
 * `{rule:'hidden-content.pdf_annotations', severity:'review', location:{page:1}}`.
 */
import { errorReason } from '../../shared/error-reason';
import { finding } from '../../engine/types';
import type { CheckContext, Extracted, FileInfo, FormatHandler } from '../../engine/types';
import { Collector } from './collector';
import { readRawPdf } from './pdf-raw';
import { checkPdfDocument } from './pdf-document';
import type { PdfDocument } from './pdf-document-type';
import { abortable, ENCRYPTED_REASON, ExtractProblem, guardExtract } from '../../engine/extract-guard';
import { mediaTypesOf } from '../../formats/registry';

const PDF_TYPES = mediaTypesOf('pdf');

/** Opens PDFs. */
export const pdfHandler: FormatHandler = {
  name: 'pdf',
  matches: (file: FileInfo) => PDF_TYPES.has(file.mediaType.toLowerCase()),
  extract: (bytes: Buffer, _file: FileInfo, ctx: CheckContext): Promise<Extracted> => {
    const out = new Collector();
    return guardExtract(
      'PDF',
      () => out.result(),
      () => inspectPdf(bytes, ctx, out),
    );
  },
};

async function inspectPdf(bytes: Buffer, ctx: CheckContext, out: Collector): Promise<Extracted> {
  if (bytes.length === 0) throw new ExtractProblem('empty file (0 bytes); not a PDF');
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) throw new ExtractProblem('not a PDF: no %PDF- header');
  const raw = readRawPdf(bytes);
  if (raw.saves > 1) {
    out.add(
      finding('hidden-content', 'pdf_incremental_update', 'review', `The PDF was saved ${raw.saves} times incrementally; earlier versions of its content may still be recoverable from the file`),
    );
  }
  const doc = await openPdf(bytes, ctx);
  try {
    await checkPdfDocument(doc, ctx, out, raw.javascript);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
  const result = out.result();
  return raw.damage ? { ...result, unreadable: `damaged PDF: ${raw.damage}; it was inspected as far as it could be reconstructed and may be incomplete` } : result;
}

async function openPdf(bytes: Buffer, ctx: CheckContext): Promise<PdfDocument> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    enableXfa: false,
    disableAutoFetch: true,
    useWorkerFetch: false,
    verbosity: 0,
  });
  try {
    return (await abortable(task.promise, ctx.signal, () => void task.destroy())) as unknown as PdfDocument;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new ExtractProblem(ENCRYPTED_REASON);
    if (e instanceof ExtractProblem) throw e;
    // pdf.js messages can quote the file (a name, a token), so only a fixed wording is kept.
    throw new ExtractProblem(`corrupt PDF: ${errorReason(e)}`);
  }
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<PdfJs> | undefined;

/**
 * Loads pdf.js once, on the first PDF. The minified legacy build is the same code as
 * legacy/build/pdf.mjs but parses in about a third of the time under the tsx loader the CLI runs
 * in; its worker module is loaded up front and published as `globalThis.pdfjsWorker`, which
 * pdf.js uses to run the parser on the main thread (no worker thread, no second import).
 */
function loadPdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    const lib: string = 'pdfjs-dist/legacy/build/pdf.min.mjs';
    const worker: string = 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';
    const [pdfjs, handler] = (await Promise.all([import(lib), import(worker)])) as [PdfJs, unknown];
    const g = globalThis as { pdfjsWorker?: unknown };
    g.pdfjsWorker ??= handler;
    return pdfjs;
  })().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}
