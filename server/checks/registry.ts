/** Every check the engine runs, gathered from the family folders. */
import { archiveHandlers } from './archive';
import { documentHandlers } from './hidden-content';
import { metadataHandlers } from './metadata';
import { microdataTableAnalyzers } from './microdata';
import { notebookHandlers } from './notebook';
import { piiLineDetectors } from './pii';
import { sdcTableAnalyzers } from './sdc';
import { secretsLineDetectors } from './secrets';
import type { FormatHandler, LineDetectorFactory, TableAnalyzerFactory } from './types';

export const LINE_DETECTORS: LineDetectorFactory[] = [...piiLineDetectors, ...secretsLineDetectors];
export const TABLE_ANALYZERS: TableAnalyzerFactory[] = [...sdcTableAnalyzers, ...microdataTableAnalyzers];
/** Handlers are tried in order; the plain-text one comes last (it matches every `text/plain` file). */
export const FORMAT_HANDLERS: FormatHandler[] = [...archiveHandlers, ...notebookHandlers, ...metadataHandlers, ...documentHandlers];
