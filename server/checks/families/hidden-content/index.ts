/**
 * The hidden-content family's format handlers: Office Open XML (Word, Excel, PowerPoint),
 * OpenDocument (text, spreadsheet, presentation), PDF and OLE compound files (encrypted OOXML,
 * 97-2003 binary Office). They also report document properties under the `metadata` family,
 * and hand back text, tables and embedded files.
 */
import type { FormatHandler } from '../../engine/types';
import { cfbHandler } from './cfb.check';
import { docxHandler } from './docx.check';
import { odfHandler } from './odf.check';
import { pdfHandler } from './pdf.check';
import { pptxHandler } from './pptx.check';
import { xlsxHandler } from './xlsx.check';

/** Office documents and PDFs: hidden content, document properties, their text and tables. */
export const documentHandlers: FormatHandler[] = [docxHandler, xlsxHandler, pptxHandler, odfHandler, pdfHandler, cfbHandler];
