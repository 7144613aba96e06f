/** Every check the engine runs, gathered from the family folders. */
import { archiveHandlers } from './families/archive';
import { documentHandlers } from './families/hidden-content';
import { metadataHandlers } from './families/metadata';
import { datasetHandlers, microdataTableAnalyzers } from './families/microdata';
import { notebookHandlers } from './families/notebook';
import { piiLineDetectors } from './families/pii';
import { sdcTableAnalyzers } from './families/sdc';
import { secretsLineDetectors } from './families/secrets';
import type { FormatHandler, LineDetectorFactory, TableAnalyzerFactory } from './engine/types';

export const LINE_DETECTORS: LineDetectorFactory[] = [...piiLineDetectors, ...secretsLineDetectors];
export const TABLE_ANALYZERS: TableAnalyzerFactory[] = [...sdcTableAnalyzers, ...microdataTableAnalyzers];
/** Handlers are tried in order; a file no handler matches is read as text when its type is text (scan-buffer.ts). */
export const FORMAT_HANDLERS: FormatHandler[] = [...archiveHandlers, ...notebookHandlers, ...metadataHandlers, ...documentHandlers, ...datasetHandlers];
/** The filetype family runs on every file, before any handler (scan-file.ts, scan-buffer.ts). */
export { expectsBinaryContent, filetypeFindings } from './families/filetype/filetype.check';
