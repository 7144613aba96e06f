/** The notebooks redaction operations (issue 13): clearing outputs and removing author metadata. Masking cell sources is `text.mask`. */
import type { RedactionOperation } from '../types';
import { clearOutputsOperation } from './clear-outputs.operation';
import { removeAuthorsOperation } from './remove-authors.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const notebooksOperations: RedactionOperation<any>[] = [clearOutputsOperation, removeAuthorsOperation];
