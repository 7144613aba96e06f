/**
 * Plain-text outputs (`.txt`, `.log`, `.out`, `.Rout`, `.lst`…: anything detected as
 * `text/plain`) are read twice over the same text: every line goes through the line detectors
 * as for any text file, and the tables printed in it (printed-table.ts) go through the table
 * analysers, located by the line of their header.
 *
 * Example: an R session log holding `summary(df)` with `0-19 :    7` under `ageband` yields the
 * text for the line detectors and the table `[['ageband','n'],…,['0-19','7']]` at its line.
 */
import type { CheckContext, Extracted, FileInfo, FormatHandler } from '../types';
import { readPrintedTables } from './printed-table';

/**
 * UTF-8, or Latin-1 when the bytes are not valid UTF-8: the same decoding as the engine's text
 * path (scan-buffer.ts, which cannot be imported here: it imports the registry that lists this handler).
 */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** True for the files whose text may hold printed tables: text outputs, not code, CSV or Markdown. */
export function isPrintedTextFile(file: FileInfo): boolean {
  return file.mediaType === 'text/plain';
}

/** Text outputs: what R, Stata and other packages write when a result is saved or logged. */
export const printedTextHandler: FormatHandler = {
  name: 'printed-text',
  matches: isPrintedTextFile,
  extract: async (bytes: Buffer, _file: FileInfo, ctx: CheckContext): Promise<Extracted> => {
    const text = decodeText(bytes);
    const tables = ctx.signal.aborted ? [] : readPrintedTables(text);
    return { findings: [], texts: [{ text, location: {} }], tables: tables.map((t) => ({ rows: t.rows, location: { line: t.line } })) };
  },
};
