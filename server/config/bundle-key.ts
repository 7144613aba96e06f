/**
 * Where the bundle signing key lives (docs/bundles.md, "Keys"). On the embedded default (SQLite,
 * one process) the server keeps it under DATA_DIR and creates it on first start; where the
 * database is PostgreSQL several processes may run, and each must sign with the same key, so a
 * configured path (BUNDLE_SIGNING_KEY) is required and the server never creates the key itself.
 */
import { join } from 'node:path';
import { type Config, ConfigError } from './config';

/** The file name of the key on the embedded default, under DATA_DIR. */
export const DEFAULT_BUNDLE_KEY_FILE = 'bundle-signing-key.pem';

export interface BundleKeyLocation {
  path: string;
  /** True on the embedded default: the server creates the key and `egress keys rotate` replaces it. */
  managed: boolean;
}

/** The key's location; throws ConfigError on PostgreSQL without BUNDLE_SIGNING_KEY. */
export function bundleKeyLocation(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'bundleSigningKey'>): BundleKeyLocation {
  if (config.bundleSigningKey !== null) return { path: config.bundleSigningKey, managed: false };
  if (/^postgres(ql)?:/i.test(config.databaseUrl)) {
    throw new ConfigError(
      'BUNDLE_SIGNING_KEY is required when the database is PostgreSQL: every server process must sign bundles with the same key. Create one (openssl genpkey -algorithm ed25519 -out bundle-signing-key.pem; chmod 600 bundle-signing-key.pem) and set BUNDLE_SIGNING_KEY to its path.',
    );
  }
  return { path: join(config.dataDir, DEFAULT_BUNDLE_KEY_FILE), managed: true };
}
