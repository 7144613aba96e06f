import type { FormatHandler, TableAnalyzerFactory } from '../../engine/types';
import { parquetHandler } from './parquet.check';
import { rowLevelAnalyzer } from './row-level.check';

/** Row-level data: identifiers, uniqueness, quasi-identifier classes. */
export const microdataTableAnalyzers: TableAnalyzerFactory[] = [rowLevelAnalyzer];

/** Datasets read as tables (Parquet); other statistical-package files are flagged (dataset-file.ts). */
export const datasetHandlers: FormatHandler[] = [parquetHandler];
