/** Every check the engine runs, gathered from the family folders. */
import { archiveHandlers } from './archive';
import { documentHandlers } from './hidden-content';
import { metadataHandlers } from './metadata';
import { datasetHandlers, microdataTableAnalyzers } from './microdata';
import { notebookHandlers } from './notebook';
import { piiLineDetectors } from './pii';
import { sdcTableAnalyzers } from './sdc';
import { secretsLineDetectors } from './secrets';
import type { FormatHandler, LineDetectorFactory, TableAnalyzerFactory } from './types';

export const LINE_DETECTORS: LineDetectorFactory[] = [...piiLineDetectors, ...secretsLineDetectors];
export const TABLE_ANALYZERS: TableAnalyzerFactory[] = [...sdcTableAnalyzers, ...microdataTableAnalyzers];
/** Handlers are tried in order; a file no handler matches is read as text when its type is text (scan-buffer.ts). */
export const FORMAT_HANDLERS: FormatHandler[] = [...archiveHandlers, ...notebookHandlers, ...metadataHandlers, ...documentHandlers, ...datasetHandlers];
