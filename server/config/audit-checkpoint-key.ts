/**
 * Where the audit checkpoint key lives (docs/audit.md, "Checkpoints"): an Ed25519 key that signs
 * checkpoints of the audit chain and nothing else (never the bundle signing key). As for the
 * bundle key (bundle-key.ts): on the embedded default the server keeps it under DATA_DIR and
 * creates it on first start; on PostgreSQL several processes may run, so a configured path
 * (AUDIT_CHECKPOINT_KEY) is required and the server never creates the key itself.
 */
import { join } from 'node:path';
import { type Config, ConfigError } from './config';

/** The file name of the key on the embedded default, under DATA_DIR. */
export const DEFAULT_AUDIT_CHECKPOINT_KEY_FILE = 'audit-checkpoint-key.pem';

/** The key's location; throws ConfigError on PostgreSQL without AUDIT_CHECKPOINT_KEY. */
export function auditCheckpointKeyLocation(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'auditCheckpoints'>): { path: string; managed: boolean } {
  if (config.auditCheckpoints.keyPath !== null) return { path: config.auditCheckpoints.keyPath, managed: false };
  if (/^postgres(ql)?:/i.test(config.databaseUrl)) {
    throw new ConfigError(
      'AUDIT_CHECKPOINT_KEY is required when the database is PostgreSQL: every server process must sign audit checkpoints with the same key. Create one (openssl genpkey -algorithm ed25519 -out audit-checkpoint-key.pem; chmod 600 audit-checkpoint-key.pem), keep it apart from the bundle signing key, and set AUDIT_CHECKPOINT_KEY to its path.',
    );
  }
  return { path: join(config.dataDir, DEFAULT_AUDIT_CHECKPOINT_KEY_FILE), managed: true };
}
