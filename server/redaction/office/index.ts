/**
 * The office redaction operations (issue 13): `office.clean` (comments, properties, hidden
 * sheets, hidden text, speaker notes, pivot caches, external links) and
 * `office.tracked_changes` (accept or reject), for DOCX, XLSX, PPTX and OpenDocument files.
 */
import type { RedactionOperation } from '../types';
import { officeClean } from './clean.operation';
import { officeTrackedChanges } from './tracked-changes.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const officeOperations: RedactionOperation<any>[] = [officeClean, officeTrackedChanges];
