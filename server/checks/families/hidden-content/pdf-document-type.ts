/**
 * The opened pdf.js document that the PDF walk (pdf-document.ts) and each page (pdf-page.ts) read;
 * in its own module so that the two do not import each other.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfDocument = PDFDocumentProxy;
