import type { TableAnalyzerFactory } from '../types';
import { rowLevelAnalyzer } from './row-level.check';

/** Row-level data: identifiers, uniqueness, quasi-identifier classes. */
export const microdataTableAnalyzers: TableAnalyzerFactory[] = [rowLevelAnalyzer];
