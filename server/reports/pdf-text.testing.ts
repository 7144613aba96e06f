/**
 * Test support: the text of a PDF, page by page, as pdf.js reads it (the same parser the
 * hidden-content checks use), so tests check what a reader of the closure report sees.
 */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

async function loadPdfjs(): Promise<PdfJs> {
  const lib: string = 'pdfjs-dist/legacy/build/pdf.mjs';
  const worker: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  const [pdfjs, handler] = (await Promise.all([import(lib), import(worker)])) as [PdfJs, unknown];
  const g = globalThis as { pdfjsWorker?: unknown };
  g.pdfjsWorker ??= handler;
  return pdfjs;
}

/** Every page's text, lines joined with "\n" (pdf.js marks line ends with `hasEOL`). */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    text += '\n';
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text };
}
