/** The pdf redaction operations (issue 13). */
import type { RedactionOperation } from '../types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const pdfOperations: RedactionOperation<any>[] = [];
