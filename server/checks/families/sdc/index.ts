import type { TableAnalyzerFactory } from '../../engine/types';
import { frequencyTableAnalyzer } from './frequency-table.check';

/** Statistical disclosure in frequency and magnitude tables. */
export const sdcTableAnalyzers: TableAnalyzerFactory[] = [frequencyTableAnalyzer];
