/**
 * HTTP test harness: the real app (buildApp) on a fresh, migrated test database with the
 * standard world of server/testing/factories.ts, driven through `app.inject()` only.
 *
 * Each world user signs in once, through `POST /api/v1/session`, from an address of their
 * own in 10.0.0.0/8 (so the per-address sign-in rate limit is not spent by the harness);
 * `as(key)` then sends requests with that user's cookie and CSRF token, from that address
 * unless `remoteAddress` says otherwise. By default 10.0.0.0/8 and loopback are the secure
 * environment's networks (TEST_INSIDE_NETWORKS), so every request is inside; a test about
 * confinement sends from an outside address such as OUTSIDE_ADDRESS, or sets `environmentNetworks`.
 *
 * Example:
 *   const t = await startTestApp('sqlite');
 *   const res = await t.as('programme').post('/api/v1/projects', { name: 'P', environmentTier: 2 });
 *   expectError(await t.anonymous.get('/api/v1/projects'), 401, 'auth.unauthenticated');
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { SessionResponse } from '../../common/contracts/users.contract';
import type { Dialect } from '../db/connect';
import { type TestDatabase, createTestDatabase } from '../testing/databases';
import { TEST_PASSWORD, type World, createWorld, snapshotCounts } from '../testing/factories';
import { type TestServices, createTestServices } from '../testing/services';
import type { PackageLimits } from '../ports/package-services';
import type { RedactionOperation } from '../redaction/types';
import { environmentNetworks as networksOf } from '../config/networks';
import { buildApp } from './app';
import type { SignInPolicy } from '../commands/sessions.commands';
import { SECOND_FACTOR_OPTIONAL } from '../domain/identity/second-factor-policy';
import { SESSION_COOKIE } from './auth';
import type { App } from './types';

export type Response = LightMyRequestResponse;

/** The options every HTTP test builds the app with (no web UI). */
export const TEST_LIMITS = { idleMinutes: 30, absoluteHours: 12 } as const;
/**
 * The sign-in policy of the password-only harness: the second factor optional for everyone (the
 * world users sign in with a password alone), at most 5 failures per account and 20 per address
 * a minute. Tests of an enforced factor pass `identity` (see second-factor.routes.test.ts).
 */
export const TEST_IDENTITY: SignInPolicy = { secondFactor: SECOND_FACTOR_OPTIONAL, signInLimits: { maxPerAccount: 5, maxPerAddress: 20, windowMs: 60_000 } };
/** The harness's default ENVIRONMENT_NETWORKS: the world users' addresses (10.0.0.0/8) and loopback (socket tests). */
export const TEST_INSIDE_NETWORKS: readonly string[] = ['10.0.0.0/8', '127.0.0.0/8', '::1'];
/** An address outside the default test networks (TEST-NET-2, RFC 5737). */
export const OUTSIDE_ADDRESS = '198.51.100.7';

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  session: SessionResponse;
}

/** Options for one request: drop or replace the CSRF header, or send extra headers. */
export interface CallOptions {
  /** `null` sends no x-csrf-token header; a string sends that value instead of the session's. */
  csrf?: string | null;
  headers?: Record<string, string>;
  remoteAddress?: string;
}

export interface Client {
  get(url: string, options?: CallOptions): Promise<Response>;
  post(url: string, payload?: unknown, options?: CallOptions): Promise<Response>;
  put(url: string, payload?: unknown, options?: CallOptions): Promise<Response>;
  patch(url: string, payload?: unknown, options?: CallOptions): Promise<Response>;
  delete(url: string, options?: CallOptions): Promise<Response>;
}

export interface TestApp {
  app: App;
  world: World;
  database: TestDatabase;
  /** The package services the app runs with: a temporary blob store, the job queue with the checks stage. */
  services: TestServices;
  /** Signs a world user in (once; later calls return the same session). */
  signIn(key: string): Promise<SignedIn>;
  /** Signs several users in, e.g. before taking `counts()` (a sign-in adds a session and an audit event). */
  signInAll(...keys: string[]): Promise<void>;
  /** A client that sends requests as a world user, signing them in first if needed. */
  as(key: string): Client;
  /** A client without a cookie. */
  anonymous: Client;
  /** Row counts of every table: equal before and after a refused request. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** The session cookie's value from a response's Set-Cookie header, or undefined. */
export function sessionCookieOf(res: Response): string | undefined {
  return res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
}

/** Asserts the status and the stable error code of a refusal in `{"error":{"code","message"}}`. */
export function expectError(res: Response, status: number, code: string): void {
  const body = res.json() as { error?: { code?: unknown; message?: unknown } };
  expect({ status: res.statusCode, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error?.message).toBe('string');
  expect(Object.keys(body)).toEqual(['error']);
}

/** Options for one test app: smaller package limits, e.g. to reach `file.too_large` with a few bytes. */
export interface TestAppOptions {
  packageLimits?: Partial<PackageLimits>;
  /** The redaction operations the app offers (default: the registry's). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
  redactionOperations?: readonly RedactionOperation<any>[];
  /** The Secure cookie flag setting (default `auto`: Secure when the request came over HTTPS). */
  cookieSecure?: 'auto' | 'true' | 'false';
  /** Trust X-Forwarded-* headers from every peer (true) or from the listed proxies, as behind a reverse proxy (default false). */
  trustProxy?: boolean | string[];
  /** The secure environment's networks (ENVIRONMENT_NETWORKS); default TEST_INSIDE_NETWORKS. */
  environmentNetworks?: readonly string[];
  /** Requests per address on the download-link route (default: the app's). */
  linkLimit?: { max: number; timeWindowMs: number };
  /** SQLite only: keep the database in this file instead of in memory (benchmarks measure a real file). */
  sqliteFile?: string;
  /** The push targets and folder export offered to registered destinations (DELIVERY_TARGETS, EXPORT_DIR); none by default. */
  deliveryOptions?: { pushTargets: string[]; folderExport: boolean };
  /** The sign-in policy (default TEST_IDENTITY: second factor optional); e.g. `{ secondFactor: SECOND_FACTOR_ENFORCED }`. */
  identity?: Partial<SignInPolicy>;
}

export async function startTestApp(dialect: Dialect, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect, options.sqliteFile ? { sqliteFile: options.sqliteFile } : {});
  const world = await createWorld(database.db);
  const services = await createTestServices(database, {
    clock: world.clock,
    ...(options.packageLimits ? { limits: options.packageLimits } : {}),
    ...(options.redactionOperations ? { redactionOperations: options.redactionOperations } : {}),
  });
  const app = await buildApp({
    db: database.db,
    clock: world.clock,
    limits: TEST_LIMITS,
    cookieSecure: options.cookieSecure ?? 'auto',
    trustProxy: options.trustProxy ?? false,
    environment: networksOf(options.environmentNetworks ?? TEST_INSIDE_NETWORKS),
    identity: { ...TEST_IDENTITY, ...options.identity },
    version: 'test',
    packages: services,
    ...(options.linkLimit ? { linkLimit: options.linkLimit } : {}),
    ...(options.deliveryOptions ? { deliveryOptions: options.deliveryOptions } : {}),
  });
  await app.ready();

  const sessions = new Map<string, Promise<SignedIn>>();
  const addresses = new Map<string, string>();
  const addressOf = (key: string) => {
    if (!addresses.has(key)) addresses.set(key, `10.0.0.${addresses.size + 10}`);
    return addresses.get(key) as string;
  };

  const signIn = (key: string): Promise<SignedIn> => {
    const existing = sessions.get(key);
    if (existing) return existing;
    const user = world.users[key];
    if (!user) throw new Error(`no world user "${key}"`);
    const pending = app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: user.email, password: TEST_PASSWORD }, remoteAddress: addressOf(key) }).then((res) => {
      const cookie = sessionCookieOf(res);
      if (res.statusCode !== 200 || !cookie) throw new Error(`sign-in as ${key} failed: ${res.statusCode} ${res.body}`);
      const session = res.json() as SessionResponse;
      return { cookie, csrfToken: session.csrfToken, session };
    });
    sessions.set(key, pending);
    return pending;
  };

  const send = async (key: string | null, method: InjectOptions['method'], url: string, payload: unknown, options: CallOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const cookies: Record<string, string> = {};
    if (key !== null) {
      const signed = await signIn(key);
      cookies[SESSION_COOKIE] = signed.cookie;
      if (options.csrf !== null) headers['x-csrf-token'] = options.csrf ?? signed.csrfToken;
    } else if (typeof options.csrf === 'string') {
      headers['x-csrf-token'] = options.csrf;
    }
    return app.inject({
      method,
      url,
      headers,
      cookies,
      remoteAddress: options.remoteAddress ?? (key === null ? '10.0.0.1' : addressOf(key)),
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
  };
  const clientFor = (key: string | null): Client => ({
    get: (url, options) => send(key, 'GET', url, undefined, options),
    post: (url, payload, options) => send(key, 'POST', url, payload ?? {}, options),
    put: (url, payload, options) => send(key, 'PUT', url, payload ?? {}, options),
    patch: (url, payload, options) => send(key, 'PATCH', url, payload ?? {}, options),
    delete: (url, options) => send(key, 'DELETE', url, undefined, options),
  });

  return {
    app,
    world,
    database,
    services,
    signIn,
    signInAll: async (...keys) => {
      await Promise.all(keys.map(signIn));
    },
    as: (key) => clientFor(key),
    anonymous: clientFor(null),
    counts: () => snapshotCounts(database.db),
    close: async () => {
      await app.close();
      await services.close();
      await database.close();
    },
  };
}
