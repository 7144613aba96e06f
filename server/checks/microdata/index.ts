import type { TableAnalyzerFactory } from '../types';

/** Row-level data: identifiers, uniqueness, quasi-identifier classes. */
export const microdataTableAnalyzers: TableAnalyzerFactory[] = [];
