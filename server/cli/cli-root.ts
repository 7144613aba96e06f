/**
 * What the `egress` command needs from its composition root (server/entrypoints/cli-root.ts):
 * the server to start, the database, the offline scanner, the output-area readers and the product version. The CLI never
 * opens these itself, so the wiring lives in one place and tests can use the same root.
 */
import type { ScanReport } from '../../common/contracts/scan.contract';
import type { PresetName, ScanParameters } from '../checks/shared/presets';
import type { CommandContext } from '../commands/context';
import type { Config } from '../config/config';
import type { OutputAreas } from '../ports/output-areas';
import type { BundleKeyStore } from '../ports/bundle-signer';
import type { BlobStore } from '../ports/blob-store';

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

export interface CliRoot {
  serve: ServeHandler;
  /** Opens the configured database (not yet migrated). */
  openDatabase(config: Config): Promise<CliDatabase>;
  /** Checks the files under `paths` offline. Throws `validation.invalid_input` for a path that does not exist. */
  scanPaths(paths: string[], options: OfflineScanOptions): Promise<ScanReport>;
  /** Opens projects' output areas, reading s3:// and azure:// prefixes with the configured storage credentials. */
  outputAreas(config: Config): OutputAreas;
  /** The bundle signing key's file (docs/bundles.md). Throws ConfigError on PostgreSQL without BUNDLE_SIGNING_KEY. */
  bundleKeyStore(config: Config): Promise<BundleKeyStore>;
  /** The configured blob store (STORAGE_URL), e.g. to read a closure report; close it when done. */
  blobStore(config: Config): Promise<BlobStore>;
}

/** The CLI's command line and its root, as every command receives them. */
export interface CliHost {
  config: Config;
  root: CliRoot;
}
