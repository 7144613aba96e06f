/** The images redaction operations (issue 13): removing metadata from pictures. */
import type { RedactionOperation } from '../types';
import { stripMetadataOperation } from './strip-metadata.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const imagesOperations: RedactionOperation<any>[] = [stripMetadataOperation];
