/**
 * Redaction operations as commands and the CLI use them (issue 13, docs/redaction.md): the
 * operations that support a file, and running one on a file's bytes. Implemented by
 * server/redaction/staged-redactor.ts (a private temporary folder, a time limit and a memory
 * budget, the registry of server/redaction/registry.ts), wired in server/entrypoints (services.ts
 * for the server, cli-root.ts for `egress redact`) and server/testing/services.ts.
 *
 * A run either returns the whole redacted file (hashed, in a temporary folder the caller disposes
 * of) or throws a DomainError with a `redaction.*` code and leaves nothing behind: nothing
 * half-written can be stored.
 */
import type { Readable } from 'node:stream';
import type { RedactionOperationInfo, RedactionOutcomeInfo } from '../../common/contracts/redaction.contract';
import type { ScanParameters } from '../checks/shared/presets';
import type { TargetFinding } from '../redaction/types';

/** The file to redact: its name (a hint), detected type, size and bytes. */
export interface RedactionInput {
  name: string;
  mediaType: string;
  bytes: number;
  content: Readable;
}

export interface RedactionRun {
  /** The operation's id, e.g. `tables.suppress`. */
  operation: string;
  /** Validated against the operation's own schema (`redaction.invalid_parameters`). */
  parameters: unknown;
  source: RedactionInput;
  /** The thresholds of the checks that apply (the package's, or the CLI's preset). */
  scanParameters: ScanParameters;
  /** The findings to resolve (rule and location, never a value); may be empty. */
  targets: TargetFinding[];
}

/** A finished redaction: the output's hash, size and change list, readable until disposed of. */
export interface RedactedFile {
  sha256: string;
  bytes: number;
  /** The source's hash as staged (the bytes the operation read). */
  sourceSha256: string;
  outcome: RedactionOutcomeInfo;
  /** A new stream of the redacted bytes. */
  open(): Readable;
  /** Removes the temporary files; call it whatever happened. */
  dispose(): Promise<void>;
}

export interface Redactor {
  /** The operations that support a file of this name and detected type, described for forms. */
  operationsFor(file: { name: string; mediaType: string }): RedactionOperationInfo[];
  /** Every operation, described (the CLI's `--list`). */
  listOperations(): RedactionOperationInfo[];
  /**
   * Runs the operation. Throws `redaction.unknown_operation`, `redaction.unsupported_format`,
   * `redaction.invalid_parameters`, `redaction.unparseable`, `redaction.too_large`,
   * `redaction.nothing_to_change`, `redaction.timed_out` or `redaction.failed`.
   */
  redact(run: RedactionRun): Promise<RedactedFile>;
}
