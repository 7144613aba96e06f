/**
 * The interfaces every disclosure check implements. The engine (scan-file.ts) detects a file's
 * type, streams text through line detectors and tables through table analysers, and asks format
 * handlers to open containers (archives, notebooks, office documents, PDFs, images). Each piece
 * returns findings; none ever puts the matched value in a finding.
 *
 * Example: a line detector for emails sees `line("contact ada@example.org", 3)` and returns
 * `[{family:'pii', rule:'pii.email', severity:'review', location:{line:3, column:9},
 *    message:'An email address'}]`.
 */
import type { Finding, FindingLocation } from '../../../common/contracts/scan.contract';
import type { FindingFamily } from '../../../common/vocab/findings';
import type { ScanParameters } from '../shared/presets';
import type { TableRow } from './table-row';

export type { Finding, FindingLocation };

/** What kind of egress package the file is in: microdata blocks in a report, needs review in a handover. */
export type PackageKind = 'report' | 'handover';

export interface CheckContext {
  parameters: ScanParameters;
  packageKind: PackageKind;
  /** Aborted when the file's time budget runs out; long loops should check it. */
  signal: AbortSignal;
  /**
   * Findings a line detector lists per rule per file (finding-budget.ts; 50 when absent). Masking
   * (server/redaction/text/) asks for every match, so no value past the cap stays unmasked.
   */
  findingsPerRule?: number;
}

/** A detected file: what the engine knows before any check runs. */
export interface FileInfo {
  /** Path as given (or `archive.zip!/member` for entries). */
  path: string;
  /** File name with extension, lower-cased (for hints only: content decides the type). */
  name: string;
  bytes: number;
  /** Media type detected from content (magic numbers), or from a text sniff. */
  mediaType: string;
}

/**
 * Looks at text one line at a time (plain text, code, CSV cells as text, notebook outputs,
 * document text). One instance per file, so it may keep state (e.g. context from the line
 * before). `location` is merged into every finding's location (e.g. {cellIndex: 3}).
 */
export interface LineDetector {
  family: FindingFamily;
  line(text: string, lineNo: number): Finding[];
  /** Findings that need the whole text (e.g. counts); called once at the end. */
  finish?(): Finding[];
}

export type LineDetectorFactory = (file: FileInfo, ctx: CheckContext) => LineDetector;

/**
 * Looks at a table one row at a time (CSV/TSV, spreadsheet sheets, HTML/Markdown tables). A data
 * row arrives as offsets into a text (cells are cut out as strings only when asked for); the
 * instance is reused for the next row, so an analyser copies what it keeps (`row.cells()`).
 */
export interface TableAnalyzer {
  family: FindingFamily;
  header(cells: string[]): void;
  row(row: TableRow, rowNo: number): void;
  finish(): Finding[];
}

export type TableAnalyzerFactory = (file: FileInfo, ctx: CheckContext, table: { location: FindingLocation }) => TableAnalyzer;

/**
 * An embedded file. Its `name` is the file's text (an archive member's or attachment's name): it
 * serves as a type hint only, and is shown masked with its `position` (1-based, e.g. the entry
 * number in the archive; the order of members when absent). `generated`: the checker made the
 * name up (`cell-3-output-0.png`), so it is shown as is.
 */
export interface Member {
  name: string;
  bytes: Buffer;
  position?: number;
  generated?: boolean;
}

/** What a format handler found inside a file. */
export interface Extracted {
  findings: Finding[];
  /**
   * Text to run through the line detectors, each with the location of where it came from.
   * `linesAreRows`: line k of the text is row k of a table (a dataset's column, one value per line).
   */
  texts?: { text: string; location: FindingLocation; linesAreRows?: boolean }[];
  /** Tables to run through the table analysers. */
  tables?: { rows: string[][]; location: FindingLocation }[];
  /** Embedded files to scan in their own right; they appear as `entries`. */
  members?: Member[];
  /** Set when the file cannot be inspected (corrupt, encrypted, over budget): the reason. */
  unreadable?: string;
}

/** Opens one kind of file. `matches` decides from the detected type (and the name as a hint). */
export interface FormatHandler {
  name: string;
  matches(file: FileInfo): boolean;
  extract(bytes: Buffer, file: FileInfo, ctx: CheckContext): Promise<Extracted>;
}

/** Builds a finding with the family and rule; the message must not contain the matched value. */
export function finding(family: FindingFamily, rule: string, severity: Finding['severity'], message: string, location?: FindingLocation, tierHint?: number): Finding {
  return { family, rule: `${family}.${rule}`, severity, message, ...(location ? { location } : {}), ...(tierHint !== undefined ? { tierHint } : {}) };
}
