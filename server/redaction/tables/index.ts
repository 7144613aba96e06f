/** The tables redaction operations (issue 13): suppress, round, drop columns, drop rows, on CSV/TSV, XLSX and ODS. */
import type { RedactionOperation } from '../types';
import { dropColumnsOperation } from './drop-columns.operation';
import { dropRowsOperation } from './drop-rows.operation';
import { roundOperation } from './round.operation';
import { suppressOperation } from './suppress.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const tablesOperations: RedactionOperation<any>[] = [suppressOperation, roundOperation, dropColumnsOperation, dropRowsOperation];
