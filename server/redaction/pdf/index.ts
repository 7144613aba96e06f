/** The pdf redaction operations (issue 13): `pdf.clean` (metadata, annotations, attachments, form fields; one revision). */
import type { RedactionOperation } from '../types';
import { pdfClean } from './clean.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const pdfOperations: RedactionOperation<any>[] = [pdfClean];
