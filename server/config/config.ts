/**
 * The only reader of process.env. One schema; every problem is reported at once.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | DATABASE_URL | sqlite:./data/egress.db | `sqlite:PATH` or `postgres://…` |
 * | DATA_DIR | ./data | where the embedded default keeps its files |
 * | HOST / PORT | 127.0.0.1 / 8080 | where the server listens |
 * | SESSION_IDLE_MINUTES | 30 | a session ends after this long without use |
 * | SESSION_ABSOLUTE_HOURS | 12 | a session ends this long after sign-in, used or not |
 * | COOKIE_SECURE | auto | `auto` (Secure when the request came over HTTPS), `true` or `false` |
 * | LOGIN_MAX_ATTEMPTS, LOGIN_MAX_ACCOUNT_FAILURES, LOGIN_WINDOW_MINUTES, SECOND_FACTOR_OPTIONAL_ROLES | | sign-in limits and the second factor: server/config/identity-settings.ts |
 * | ENVIRONMENT_NETWORKS | (empty: nobody is inside) | comma-separated IPv4/IPv6 addresses and CIDRs of the secure environment's own networks; only requests from there read package content (authors, managers) or add files (docs/design.md §5.2). `serve --demo` uses loopback when this is not set |
 * | TRUST_PROXY | false | `false`; `true` (trust X-Forwarded-* from any peer; refused while ENVIRONMENT_NETWORKS is set); or a comma-separated list of the reverse proxies' addresses/CIDRs whose X-Forwarded-* is believed |
 * | LOG_LEVEL | info | pino level |
 * | STORAGE_URL | file:DATA_DIR/blobs | blob store: `file:PATH`, `s3://BUCKET/PREFIX?endpoint=…&region=…` or `azure://CONTAINER/PREFIX?endpoint=…` (credentials below) |
 * | S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY | (SDK default chain) | credentials for an s3:// store |
 * | AZURE_STORAGE_CONNECTION_STRING | | credentials for an azure:// store |
 * | STORAGE_QUOTA_BYTES | 0 (none) | refuse writes that would take the store past this size (file store) |
 * | UPLOAD_DIR | DATA_DIR/uploads | where resumable uploads are staged until complete |
 * | UPLOAD_EXPIRY_HOURS | 168 (7 days) | an upload not completed this long after it was created cannot be continued; its staged bytes are removed |
 * | UPLOAD_CLEANUP_INTERVAL_MINUTES | 60 | how often expired uploads' staged bytes are removed (also once at start-up); 0: only at start-up |
 * | MAX_FILE_BYTES | 53687091200 (50 GiB) | largest file accepted |
 * | MAX_PACKAGE_BYTES | 536870912000 (500 GiB) | largest package (current versions) |
 * | MAX_PACKAGE_FILES | 20000 | most files in one package |
 * | JOB_QUEUE | auto | `auto` (pg-boss on PostgreSQL, the jobs table on SQLite), `table` or `pg-boss` |
 * | CHECK_PRESET | acro | disclosure-check preset used by the checks stage |
 * | BUNDLE_SIGNING_KEY | DATA_DIR/bundle-signing-key.pem on SQLite (created on first start); **required** on PostgreSQL | the Ed25519 private key (PKCS#8 PEM, mode 0600) that signs release bundles; see server/config/bundle-key.ts |
 * | DELIVERY_TARGETS | (none: no container push) | path of a JSON file naming the S3/Azure containers releases may be pushed to, with their credentials (server/config/delivery-settings.ts, docs/delivery.md) |
 * | EXPORT_DIR | (none: no folder export) | absolute folder under which folder exports are written (a destination names a sub-folder) |
 * | SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USER, SMTP_PASSWORD, SMTP_FROM, SMTP_TIMEOUT_SECONDS, PUBLIC_BASE_URL, NOTIFY_LINK_EXPIRY_HOURS, NOTIFY_CLOSURE_DAYS | (no e-mail) | notifications by e-mail; see server/config/mail-settings.ts and docs/notifications.md |
 * | AUDIT_CHECKPOINT_KEY | DATA_DIR/audit-checkpoint-key.pem on SQLite (created on first start); **required** on PostgreSQL | the Ed25519 private key (PKCS#8 PEM, mode 0600) that signs audit checkpoints, apart from the bundle key; see server/config/audit-checkpoint-key.ts |
 * | AUDIT_CHECKPOINT_EVERY | 1000 | sign a checkpoint of the audit chain at every this many events |
 * | AUDIT_CHECKPOINT_INTERVAL_MINUTES | 60 | also sign a checkpoint of the chain head this often when it moved; 0: only every AUDIT_CHECKPOINT_EVERY events |
 * | OUTBOUND_ENDPOINTS | (none beyond the configured storage) | comma-separated http(s) origins an output area's `?endpoint=` may name, besides STORAGE_URL's and DELIVERY_TARGETS' endpoints and the Azure connection string's (docs/storage.md) |
 * | LOG_FORMAT | lines | `lines`: the terminal shows one line per notable event (warnings, errors, start-up), never request logs; `json`: every log record, requests included, as JSON lines on standard output |
 * | LOG_FILE | (none) | also append every log record at LOG_LEVEL, requests included, as JSON lines to this file (created mode 0600) |
 * | EGRESS_TEST_RELEASE_HALT_AT | (none) | **tests only**: the release job stops for good at this checkpoint (`seal`, `record-seal`, `deliver`, `record-delivery`, `release`), so a test can kill the process there; it changes nothing, but no release finishes while it is set |
 */
import { join } from 'node:path';
import { z } from 'zod';
import { RELEASE_CHECKPOINTS, type ReleaseCheckpoint } from '../../common/vocab/release';
import { type DeliverySettings, loadDeliverySettings } from './delivery-settings';
import { type NotificationSettings, loadNotificationSettings } from './mail-settings';
import { type IdentitySettings, loadIdentitySettings } from './identity-settings';
import { LOOPBACK_NETWORKS, parseAddressList } from './networks';
import { allowedEndpointsFor, parseOutboundEndpoints } from './outbound-endpoints';

/** How long an unfinished upload can be continued, unless UPLOAD_EXPIRY_HOURS says otherwise (7 days). */
export const DEFAULT_UPLOAD_EXPIRY_MS = 7 * 24 * 3600_000;
/** How often expired uploads' staged bytes are removed, unless UPLOAD_CLEANUP_INTERVAL_MINUTES says otherwise (an hour). */
export const DEFAULT_UPLOAD_CLEANUP_INTERVAL_MS = 3600_000;

const envSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  // Both parsed after the schema (parseNetworkSettings), so their problems are listed with the rest.
  ENVIRONMENT_NETWORKS: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STORAGE_URL: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AZURE_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
  STORAGE_QUOTA_BYTES: z.coerce.number().int().min(0).default(0),
  UPLOAD_DIR: z.string().min(1).optional(),
  UPLOAD_EXPIRY_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(DEFAULT_UPLOAD_EXPIRY_MS / 3600_000),
  UPLOAD_CLEANUP_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(DEFAULT_UPLOAD_CLEANUP_INTERVAL_MS / 60_000),
  MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 ** 3),
  MAX_PACKAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(500 * 1024 ** 3),
  MAX_PACKAGE_FILES: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  JOB_QUEUE: z.enum(['auto', 'table', 'pg-boss']).default('auto'),
  CHECK_PRESET: z.enum(['acro', 'opensafely', 'abs', 'datashield']).default('acro'),
  BUNDLE_SIGNING_KEY: z.string().trim().min(1).optional(),
  AUDIT_CHECKPOINT_KEY: z.string().trim().min(1).optional(),
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  AUDIT_CHECKPOINT_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  OUTBOUND_ENDPOINTS: z.string().optional(),
  LOG_FORMAT: z.enum(['lines', 'json']).default('lines'),
  LOG_FILE: z.string().trim().min(1).optional(),
  EGRESS_TEST_RELEASE_HALT_AT: z.enum(RELEASE_CHECKPOINTS).optional(),
  CLOSURE_INVENTORY_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
});

/** Where blobs live and the credentials to reach them. */
export interface StorageConfig {
  url: string;
  s3AccessKeyId?: string;
  s3SecretAccessKey?: string;
  azureConnectionString?: string;
  quotaBytes: number;
  /** How long an unfinished resumable upload can be continued (ms); its staged bytes go after that. */
  uploadExpiryMs?: number;
  /** How often expired uploads' staged bytes are removed (ms); 0: only at start-up. */
  uploadCleanupIntervalMs?: number;
  /**
   * The http(s) origins (`scheme://host:port`) an output area's `?endpoint=` may name
   * (outbound-endpoints.ts): OUTBOUND_ENDPOINTS plus the configured storage's own endpoints.
   * Absent: none.
   */
  allowedEndpoints?: readonly string[];
}

/** Signed checkpoints of the audit chain (docs/audit.md, "Checkpoints"). */
export interface AuditCheckpointSettings {
  /** AUDIT_CHECKPOINT_KEY, or null for the embedded default's managed key (audit-checkpoint-key.ts). */
  keyPath: string | null;
  /** A checkpoint at every this many events. */
  every: number;
  /** A checkpoint of the moved head this often (ms); 0: none on a schedule. */
  intervalMs: number;
}

/** Limits on what a package may hold. */
export interface PackageLimits {
  maxFileBytes: number;
  maxPackageBytes: number;
  maxPackageFiles: number;
}

export interface Config {
  dataDir: string;
  databaseUrl: string;
  host: string;
  port: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: 'auto' | 'true' | 'false';
  /** The second factor policy and sign-in limits (identity-settings.ts). */
  identity: IdentitySettings;
  /**
   * The secure environment's own networks (normalised addresses and CIDRs); null when
   * ENVIRONMENT_NETWORKS is not set or blank (nobody is inside, except in the demo: loopback).
   */
  environmentNetworks: string[] | null;
  /** Whose X-Forwarded-* to believe: nobody, every peer, or the listed proxies. */
  trustProxy: boolean | string[];
  logLevel: string;
  /** `lines`: one line per notable event on the terminal; `json`: every record as JSON on stdout. */
  logFormat: 'lines' | 'json';
  /** LOG_FILE: every record at logLevel as JSON lines, or null. */
  logFile: string | null;
  storage: StorageConfig;
  uploadDir: string;
  limits: PackageLimits;
  jobQueue: 'auto' | 'table' | 'pg-boss';
  checkPreset: 'acro' | 'opensafely' | 'abs' | 'datashield';
  /** BUNDLE_SIGNING_KEY: the configured bundle signing key file, or null for the embedded default (bundle-key.ts). */
  bundleSigningKey: string | null;
  auditCheckpoints: AuditCheckpointSettings;
  /** Push targets and the folder-export root (docs/delivery.md). */
  delivery: DeliverySettings;
  /** E-mail (SMTP_*; null mail: none), the web UI's public address and the notification checks' thresholds. */
  notifications: NotificationSettings;
  /** Tests only (EGRESS_TEST_RELEASE_HALT_AT): where the release job stops for good, so a test can kill the process there. */
  releaseHaltAt?: ReleaseCheckpoint;
  /** How often every open project's output area is inventoried (ms; CLOSURE_INVENTORY_INTERVAL_MINUTES, 0: only on demand). */
  closureInventoryIntervalMs: number;
}

export class ConfigError extends Error {}

/**
 * ENVIRONMENT_NETWORKS and TRUST_PROXY with every problem they have. Believing X-Forwarded-For
 * from any peer (`TRUST_PROXY=true`) would let anyone claim an inside address, so it is refused
 * while the environment's networks decide who reads content.
 */
export function parseNetworkSettings(env: Record<string, string | undefined>): {
  environmentNetworks: string[] | null;
  trustProxy: boolean | string[];
  problems: string[];
} {
  const problems: string[] = [];
  const rawNetworks = env.ENVIRONMENT_NETWORKS?.trim() ?? '';
  const networks = parseAddressList(rawNetworks);
  problems.push(...networks.errors.map((e) => `ENVIRONMENT_NETWORKS: ${e}`));
  const environmentNetworks = rawNetworks === '' ? null : networks.entries;
  const rawTrust = env.TRUST_PROXY?.trim() ?? '';
  let trustProxy: boolean | string[] = false;
  if (rawTrust === '' || rawTrust === 'false' || rawTrust === '0') trustProxy = false;
  else if (rawTrust === 'true' || rawTrust === '1') trustProxy = true;
  else {
    const proxies = parseAddressList(rawTrust);
    problems.push(...proxies.errors.map((e) => `TRUST_PROXY: ${e}; expected false, true or a comma-separated list of proxy addresses or CIDRs`));
    trustProxy = proxies.entries;
  }
  if (trustProxy === true && environmentNetworks !== null && environmentNetworks.length > 0) {
    problems.push(
      "TRUST_PROXY: true would believe X-Forwarded-For from any client, so anyone could claim an address in ENVIRONMENT_NETWORKS; list your reverse proxies' addresses instead (e.g. TRUST_PROXY=10.0.0.5)",
    );
  }
  return { environmentNetworks, trustProxy, problems };
}

/** Reads configuration from an environment (process.env by default); throws listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const network = parseNetworkSettings(env);
  const delivery = loadDeliverySettings(env);
  const notifications = loadNotificationSettings(env);
  const identity = loadIdentitySettings(env);
  const outbound = parseOutboundEndpoints(env.OUTBOUND_ENDPOINTS);
  const lines = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)),
    ...[...network.problems, ...delivery.problems, ...notifications.problems, ...outbound.problems, ...identity.problems].map((p) => `  ${p}`),
  ];
  if (!parsed.success || lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  const e = parsed.data;
  const storageUrl = e.STORAGE_URL ?? `file:${join(e.DATA_DIR, 'blobs')}`;
  return {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${join(e.DATA_DIR, 'egress.db')}`,
    host: e.HOST,
    port: e.PORT,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    cookieSecure: e.COOKIE_SECURE,
    identity: identity.settings,
    environmentNetworks: network.environmentNetworks,
    trustProxy: network.trustProxy,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    logFile: e.LOG_FILE ?? null,
    storage: {
      url: storageUrl,
      ...(e.S3_ACCESS_KEY_ID ? { s3AccessKeyId: e.S3_ACCESS_KEY_ID } : {}),
      ...(e.S3_SECRET_ACCESS_KEY ? { s3SecretAccessKey: e.S3_SECRET_ACCESS_KEY } : {}),
      ...(e.AZURE_STORAGE_CONNECTION_STRING ? { azureConnectionString: e.AZURE_STORAGE_CONNECTION_STRING } : {}),
      quotaBytes: e.STORAGE_QUOTA_BYTES,
      uploadExpiryMs: Math.round(e.UPLOAD_EXPIRY_HOURS * 3600_000),
      uploadCleanupIntervalMs: Math.round(e.UPLOAD_CLEANUP_INTERVAL_MINUTES * 60_000),
      allowedEndpoints: allowedEndpointsFor(outbound.origins, storageUrl, e.AZURE_STORAGE_CONNECTION_STRING, delivery.settings),
    },
    uploadDir: e.UPLOAD_DIR ?? join(e.DATA_DIR, 'uploads'),
    limits: { maxFileBytes: e.MAX_FILE_BYTES, maxPackageBytes: e.MAX_PACKAGE_BYTES, maxPackageFiles: e.MAX_PACKAGE_FILES },
    jobQueue: e.JOB_QUEUE,
    checkPreset: e.CHECK_PRESET,
    bundleSigningKey: e.BUNDLE_SIGNING_KEY ?? null,
    auditCheckpoints: {
      keyPath: e.AUDIT_CHECKPOINT_KEY ?? null,
      every: e.AUDIT_CHECKPOINT_EVERY,
      intervalMs: Math.round(e.AUDIT_CHECKPOINT_INTERVAL_MINUTES * 60_000),
    },
    delivery: delivery.settings,
    closureInventoryIntervalMs: Math.round(e.CLOSURE_INVENTORY_INTERVAL_MINUTES * 60_000),
    notifications: notifications.settings,
    ...(e.EGRESS_TEST_RELEASE_HALT_AT ? { releaseHaltAt: e.EGRESS_TEST_RELEASE_HALT_AT } : {}),
  };
}

/**
 * The networks treated as inside: ENVIRONMENT_NETWORKS, or loopback for the demo when it is not
 * set (so the demo works on one machine). Throws ConfigError for TRUST_PROXY=true with any
 * inside network: every client could then claim an inside address.
 */
export function insideNetworksFor(config: Pick<Config, 'environmentNetworks' | 'trustProxy'>, demo: boolean): { list: readonly string[]; loopbackForDemo: boolean } {
  const loopbackForDemo = demo && config.environmentNetworks === null;
  const list = loopbackForDemo ? LOOPBACK_NETWORKS : (config.environmentNetworks ?? []);
  if (config.trustProxy === true && list.length > 0) {
    throw new ConfigError("TRUST_PROXY=true cannot be used with inside networks (ENVIRONMENT_NETWORKS, or loopback for the demo): list your reverse proxies' addresses instead");
  }
  return { list, loopbackForDemo };
}
