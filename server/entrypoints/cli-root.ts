/**
 * The CLI's composition root: the concrete database, scanner, redactor, output-area readers and version behind server/cli.
 * Each part is imported when first used, so `egress scan` does not load the database driver.
 */
import type { CliRoot, ServeHandler } from '../cli/cli-root';
import type { RedactionOperation } from '../redaction/types';
import { outputAreas } from '../storage/open-output-area';
import { PRODUCT_VERSION } from './version';

/** The root the `egress` command runs with; tests pass their own `serve` (and may pass their own redaction operations). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export function cliRoot(serve: ServeHandler, options: { redactionOperations?: readonly RedactionOperation<any>[] } = {}): CliRoot {
  return {
    serve,
    openDatabase: async (config) => {
      const [{ openDatabase }, { migrateToLatest }] = await Promise.all([import('../db/connect'), import('../db/migrate')]);
      const handle = openDatabase(config.databaseUrl);
      return { db: handle.db, migrate: () => migrateToLatest(handle.db), close: () => handle.close() };
    },
    bundleKeyStore: async (config) => {
      const [{ bundleKeyLocation }, { fileKeyStore }] = await Promise.all([import('../config/bundle-key'), import('../bundles/key-file')]);
      const location = bundleKeyLocation(config);
      return fileKeyStore(location.path, location.managed);
    },
    auditCheckpointKeyStore: async (config) => {
      const [{ auditCheckpointKeyLocation }, { fileKeyStore, AUDIT_CHECKPOINT_KEY_FILE }] = await Promise.all([import('../config/audit-checkpoint-key'), import('../bundles/key-file')]);
      const location = auditCheckpointKeyLocation(config);
      return fileKeyStore(location.path, location.managed, AUDIT_CHECKPOINT_KEY_FILE);
    },
    scanPaths: async (paths, options) => (await import('../checks/engine/scan-paths')).scanPaths(paths, { ...options, toolVersion: PRODUCT_VERSION }),
    outputAreas: (config) => outputAreas(config.storage),
    blobStore: async (config) => (await import('../storage/open-blob-store')).openBlobStore(config.storage),
    offlineRedactor: async () => {
      const [{ stagedRedactor }, { localFileRedactor }] = await Promise.all([import('../redaction/staged-redactor'), import('./local-file-redactor')]);
      return localFileRedactor(stagedRedactor(options.redactionOperations ? { operations: options.redactionOperations } : {}));
    },
  };
}
