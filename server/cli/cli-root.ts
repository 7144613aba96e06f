/**
 * What the `egress` command needs from its composition root (server/entrypoints/cli-root.ts):
 * the server to start, the database, the offline scanner, the output-area readers and the product version. The CLI never
 * opens these itself, so the wiring lives in one place and tests can use the same root.
 */
import type { RedactionOperationInfo } from '../../common/contracts/redaction.contract';
import type { ScanReport } from '../../common/contracts/scan.contract';
import type { PresetName, ScanParameters } from '../checks/shared/presets';
import type { CommandContext } from '../commands/context';
import type { Config } from '../config/config';
import type { OutputAreas } from '../ports/output-areas';
import type { BundleKeyStore } from '../ports/bundle-signer';
import type { BlobStore } from '../ports/blob-store';
import type { RedactedFile } from '../ports/redactor';

/** Starts the API and web UI and resolves with the exit code when it stops. */
export interface ServeHandler {
  (config: Config, options: { demo: boolean }): Promise<number>;
}

/** An open database: migrate it, use it through commands, close it. */
export interface CliDatabase {
  db: CommandContext['db'];
  /** Applies pending migrations; reports what ran or why it stopped. */
  migrate(): Promise<{ applied: string[]; error?: string }>;
  close(): Promise<void>;
}

/** What `egress scan` asks the scanner for. */
export interface OfflineScanOptions {
  preset: PresetName;
  overrides?: Partial<ScanParameters>;
  packageKind: 'report' | 'handover';
  workers?: number;
}

/** What `egress redact` asks for: the same operations the server runs (server/ports/redactor.ts), on a local file. */
export interface OfflineRedactor {
  listOperations(): RedactionOperationInfo[];
  /**
   * Redacts the local file at `path` (its type detected from its content, as an upload's is) with
   * the thresholds of `preset`. Throws `validation.invalid_input` for a path that is not a file,
   * and the Redactor's `redaction.*` refusals. The caller disposes of the result.
   */
  redactFile(path: string, options: { operation: string; parameters: unknown; preset: PresetName }): Promise<RedactedFile>;
}

export interface CliRoot {
  serve: ServeHandler;
  /** Opens the configured database (not yet migrated). */
  openDatabase(config: Config): Promise<CliDatabase>;
  /** Checks the files under `paths` offline. Throws `validation.invalid_input` for a path that does not exist. */
  scanPaths(paths: string[], options: OfflineScanOptions): Promise<ScanReport>;
  /** Opens projects' output areas, reading s3:// and azure:// prefixes with the configured storage credentials. */
  outputAreas(config: Config): OutputAreas;
  /** The redaction operations, offline (loaded when first asked for). */
  offlineRedactor(): Promise<OfflineRedactor>;
  /** The bundle signing key's file (docs/bundles.md). Throws ConfigError on PostgreSQL without BUNDLE_SIGNING_KEY. */
  bundleKeyStore(config: Config): Promise<BundleKeyStore>;
  /** The configured blob store (STORAGE_URL), e.g. to read a closure report; close it when done. */
  blobStore(config: Config): Promise<BlobStore>;
  /** The audit checkpoint key's file (docs/audit.md). Throws ConfigError on PostgreSQL without AUDIT_CHECKPOINT_KEY. */
  auditCheckpointKeyStore(config: Config): Promise<BundleKeyStore>;
}

/** The CLI's command line and its root, as every command receives them. */
export interface CliHost {
  config: Config;
  root: CliRoot;
}
