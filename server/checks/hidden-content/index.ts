import type { FormatHandler } from '../types';

/** Office documents and PDFs: hidden content, document properties, their text and tables. */
export const documentHandlers: FormatHandler[] = [];
