/**
 * The interface every redaction operation implements (issue 13). An operation is a pure
 * file-to-file transform: it reads one file version from a local path and writes the redacted
 * bytes to another path. It never touches the database, the blob store or the network; the
 * redaction command (server/commands/) fetches the version, calls the operation through the
 * Redactor port, stores the output as a new version with its provenance and queues the checks.
 *
 * Operations live in one folder per format family (tables/, text/, images/, notebooks/, office/,
 * pdf/), each exporting its list from `index.ts`; registry.ts gathers them, as the checks'
 * registry gathers families.
 *
 * Example: `tables.suppress` on `counts.csv` with `{ threshold: 10, marker: '[REDACTED]' }` writes a CSV
 * of the same dialect in which every count below 10, and enough other cells to stop recovery by
 * subtraction, reads `[REDACTED]`; its outcome lists `{ location: { row: 4, column: 3 }, change:
 * 'suppressed (primary)' }`, never the value.
 */
import type { z } from 'zod';
import type { FindingLocation } from '../../common/contracts/scan.contract';
import type { ScanParameters } from '../checks/shared/presets';

export const REDACTION_FAMILIES = ['tables', 'text', 'images', 'notebooks', 'office', 'pdf'] as const;
export type RedactionFamily = (typeof REDACTION_FAMILIES)[number];

/** The version being redacted, as a read-only local file. */
export interface RedactionSource {
  /** Local path of the version's bytes; the operation must not change it. */
  path: string;
  /** The file's name in the package (its extension is a hint only). */
  name: string;
  bytes: number;
  /** Media type detected from content when the version arrived. */
  mediaType: string;
}

/**
 * A finding the operation is asked to resolve (mask, suppress): where it is and which rule made it,
 * never its value. Operations that need the value (masking) find it again by re-running the rule
 * at that location.
 */
export interface TargetFinding {
  rule: string;
  location?: FindingLocation;
}

export interface RedactionContext {
  /** The thresholds of the package's checks preset (minimum cell count, rounding base, …). */
  parameters: ScanParameters;
  /** Aborted when the operation runs too long; loops over large files check it. */
  signal: AbortSignal;
  /** Operations that must hold a whole file (a sheet, a document part) refuse above this. */
  memoryBudgetBytes: number;
}

/** One change the operation made, for the provenance record and the diff view: where and what, no values. */
export interface RedactionChange {
  location?: FindingLocation;
  /** e.g. 'suppressed (primary)', 'suppressed (secondary)', 'rounded', 'masked as [EMAIL REMOVED]', 'removed EXIF'. */
  change: string;
}

export interface RedactionOutcome {
  /** How many changes were made in all (the list below may be capped). */
  changeCount: number;
  /** The changes, at most MAX_LISTED_CHANGES of them. */
  changes: RedactionChange[];
  /** Said to the user when part of what was asked could not be done (e.g. "text in the PDF's pages stays: redact it inside"). */
  notes?: string[];
}

export const MAX_LISTED_CHANGES = 1000;

/**
 * One operation. `id` is `<family>.<name>` (e.g. `tables.suppress`, `text.mask`, `images.strip_metadata`);
 * `parameters` validates the caller's parameters (the API, the CLI and the web form all use it).
 */
export interface RedactionOperation<P = unknown> {
  id: string;
  family: RedactionFamily;
  /** A short title for menus ("Suppress small counts"). */
  title: string;
  /** One sentence on what it does, for the UI and `egress redact --help`. */
  description: string;
  parameters: z.ZodType<P>;
  /** Whether the operation can work on this file (decided from the detected type; the name is a hint). */
  supports(file: Pick<RedactionSource, 'name' | 'mediaType'>): boolean;
  /**
   * Writes the redacted file to `outPath` (the caller removes it on failure). Throws a
   * RedactionError when it cannot; must never leave a half-written file counted as a result.
   */
  apply(source: RedactionSource, params: P, outPath: string, ctx: RedactionContext & { targets: TargetFinding[] }): Promise<RedactionOutcome>;
}

export const REDACTION_ERROR_CODES = ['redaction.unsupported_format', 'redaction.unparseable', 'redaction.too_large', 'redaction.invalid_parameters', 'redaction.nothing_to_change'] as const;
export type RedactionErrorCode = (typeof REDACTION_ERROR_CODES)[number];

/** A refusal by an operation; the command maps it to a DomainError with the same code. */
export class RedactionError extends Error {
  readonly code: RedactionErrorCode;
  constructor(code: RedactionErrorCode, message: string) {
    super(message);
    this.name = 'RedactionError';
    this.code = code;
  }
}
