/**
 * Which columns of a table hold counts, decided by the checks' own sdc analyser
 * (server/checks/families/sdc), so that a redaction changes exactly the cells the checks judge.
 * The analyser reports only columns that break a rule, so it is run with a probe preset under
 * which every count breaks one (a minimum cell count no count reaches, zeros disclosive): each
 * count column then yields `sdc.small_count` or `sdc.zero_count` at its column. Its
 * classification does not depend on those two thresholds.
 *
 * When a table has more count columns than the analyser lists per rule (it sums the rest up in
 * one finding without a column), `capped` is set and callers fall back to every whole-number
 * column: a superset, so the re-check still finds nothing.
 *
 * Example: `region,n` / `North,12` / `South,7` → columns {1}.
 */
import { ChunkDecoder, pushPieces } from '../../checks/engine/scan-buffer';
import { scanTable, textFileScanner } from '../../checks/engine/text-scan';
import type { CheckContext, FileInfo, Finding } from '../../checks/engine/types';
import type { ScanParameters } from '../../checks/shared/presets';

export interface CountColumns {
  /** 0-based indices of the count columns (per table location key for workbooks: see `byTable`). */
  columns: Set<number>;
  capped: boolean;
}

/** The preset under which every count cell of a count column breaks a rule. */
export function probeParameters(params: ScanParameters): ScanParameters {
  return { ...params, minCellCount: Number.MAX_SAFE_INTEGER, zerosDisclosive: true, roundingBase: 0 };
}

/** Reads the count columns off the probe findings of one table. */
export function countColumnsFrom(findings: readonly Finding[]): CountColumns {
  const columns = new Set<number>();
  let capped = false;
  for (const f of findings) {
    if (f.rule !== 'sdc.small_count' && f.rule !== 'sdc.zero_count') continue;
    if (f.location?.column === undefined) capped = true;
    else columns.add(f.location.column - 1);
  }
  return { columns, capped };
}

/** A probe context: the checks' context with the probe preset. */
function probeContext(params: ScanParameters, signal: AbortSignal): CheckContext {
  return { parameters: probeParameters(params), packageKind: 'report', signal };
}

/** The count columns of a table given as rows (a sheet), as the checks read it. */
export function countColumnsOfRows(rows: string[][], file: FileInfo, params: ScanParameters, signal: AbortSignal): CountColumns {
  return countColumnsFrom(scanTable(rows, file, probeContext(params, signal)));
}

/**
 * The checks' table reader over a CSV/TSV fed chunk by chunk (the same decoder and row reader
 * as `egress scan`), for the count columns once the last chunk is in.
 */
export class CsvCountColumnProbe {
  private readonly decoder = new ChunkDecoder();
  private readonly scanner: ReturnType<typeof textFileScanner>;

  constructor(file: FileInfo, delimiter: string, params: ScanParameters, signal: AbortSignal) {
    this.scanner = textFileScanner(file, probeContext(params, signal), delimiter, []);
  }

  push(chunk: Buffer): void {
    pushPieces(chunk, this.decoder, this.scanner);
  }

  end(): CountColumns {
    this.scanner.push(this.decoder.end());
    return countColumnsFrom(this.scanner.end().filter((f) => f.family === 'sdc'));
  }
}
