/** The text redaction operations (issue 13): masking values in text files and notebook sources. */
import type { RedactionOperation } from '../types';
import { textMaskOperation } from './text-mask.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const textOperations: RedactionOperation<any>[] = [textMaskOperation];
