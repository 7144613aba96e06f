/** Every redaction operation, gathered from the family folders (as server/checks/registry.ts gathers checks). */
import { imagesOperations } from './images';
import { notebooksOperations } from './notebooks';
import { officeOperations } from './office';
import { pdfOperations } from './pdf';
import { tablesOperations } from './tables';
import { textOperations } from './text';
import type { RedactionOperation } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type; callers validate with its schema.
export const REDACTION_OPERATIONS: RedactionOperation<any>[] = [...tablesOperations, ...textOperations, ...imagesOperations, ...notebooksOperations, ...officeOperations, ...pdfOperations];

export function findOperation(id: string): RedactionOperation<unknown> | undefined {
  return REDACTION_OPERATIONS.find((op) => op.id === id);
}
