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
 * | LOGIN_MAX_ATTEMPTS | 10 | sign-in attempts per client address per LOGIN_WINDOW_MINUTES |
 * | LOGIN_WINDOW_MINUTES | 15 | |
 * | TRUST_PROXY | false | trust X-Forwarded-* from a reverse proxy |
 * | LOG_LEVEL | info | pino level |
 */
import { join } from 'node:path';
import { z } from 'zod';

const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  TRUST_PROXY: boolish.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  dataDir: string;
  databaseUrl: string;
  host: string;
  port: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: 'auto' | 'true' | 'false';
  loginMaxAttempts: number;
  loginWindowMinutes: number;
  trustProxy: boolean;
  logLevel: string;
}

export class ConfigError extends Error {}

/** Reads configuration from an environment (process.env by default); throws listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${join(e.DATA_DIR, 'egress.db')}`,
    host: e.HOST,
    port: e.PORT,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    cookieSecure: e.COOKIE_SECURE,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
  };
}
