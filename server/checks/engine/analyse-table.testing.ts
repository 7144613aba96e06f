/**
 * Test helper: drives table analysers the way the engine does (header once, each data row with
 * its number, then finish) over a table built in code, under a named preset and package kind.
 *
 * Example: `analyseTable(sdcTableAnalyzers, [['region', 'n'], ['North', '7']])` → the findings.
 */
import { PRESETS, type PresetName } from '../shared/presets';
import { TableRow } from './table-row';
import type { Finding, FindingLocation, PackageKind, TableAnalyzerFactory } from './types';

/** Options for one run: preset (default acro), package kind (default report), table location. */
export interface AnalyseOptions {
  preset?: PresetName;
  packageKind?: PackageKind;
  location?: FindingLocation;
}

/** Runs every factory over `table` (first row = header; data rows numbered from 1). */
export function analyseTable(factories: TableAnalyzerFactory[], table: Iterable<string[]>, options: AnalyseOptions = {}): Finding[] {
  const ctx = { parameters: PRESETS[options.preset ?? 'acro'], packageKind: options.packageKind ?? 'report', signal: new AbortController().signal };
  const file = { path: 'table.csv', name: 'table.csv', bytes: 0, mediaType: 'text/csv' };
  const analyzers = factories.map((factory) => factory(file, ctx, { location: options.location ?? {} }));
  let rowNo = 0;
  for (const cells of table) {
    if (rowNo === 0) for (const analyzer of analyzers) analyzer.header(cells);
    else for (const analyzer of analyzers) analyzer.row(TableRow.of(cells), rowNo);
    rowNo++;
  }
  return analyzers.flatMap((analyzer) => analyzer.finish());
}

/** Parses a small comma-separated fixture (no quoting) into rows of cells. */
export function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(','));
}

/** The rule, severity and location of each finding: what tests compare. */
export function brief(findings: Finding[]): { rule: string; severity: string; location?: FindingLocation }[] {
  return findings.map(({ rule, severity, location }) => ({ rule, severity, ...(location ? { location } : {}) }));
}
