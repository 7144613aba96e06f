import type { TableAnalyzerFactory } from '../types';

/** Statistical disclosure in frequency and magnitude tables. */
export const sdcTableAnalyzers: TableAnalyzerFactory[] = [];
