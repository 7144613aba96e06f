/**
 * A real Egress server for upload tests: the full app (buildApp) with test package services,
 * listening on 127.0.0.1 on a free port, over a fresh test world. `restart()` closes the app
 * and builds a new instance on the same database and upload folder, as a restarted process
 * would; `token()` makes a personal API token for a world user.
 *
 * Example:
 *   const s = await startUploadServer('sqlite');
 *   const token = await s.token('researcher');
 *   await fetch(`${s.base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, … } });
 */
import { createHash } from 'node:crypto';
import type { TokenScope } from '../../../common/vocab/token-scopes';
import { createApiToken } from '../../commands/api-tokens.commands';
import type { PackageLimits } from '../../ports/package-services';
import type { Dialect } from '../../db/connect';
import { type TestDatabase, createTestDatabase } from '../../testing/databases';
import { type World, createWorld } from '../../testing/factories';
import { type TestServices, createTestServices } from '../../testing/services';
import { buildApp } from '../app';
import { environmentNetworks } from '../../config/networks';
import { TEST_INSIDE_NETWORKS, TEST_LIMITS, TEST_IDENTITY } from '../app.testing';
import type { App } from '../types';

export interface UploadServer {
  /** The current base address, e.g. http://127.0.0.1:43121 (changes on restart). */
  base: string;
  app: App;
  world: World;
  database: TestDatabase;
  services: TestServices;
  /** A new API token of a world user for the world's project. */
  token(key: string, scopes?: TokenScope[]): Promise<string>;
  /** Closes the app and starts a new instance on the same database and upload folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const sha256Hex = (content: Buffer | string): string => createHash('sha256').update(content).digest('hex');

/** `n` bytes of CSV-looking text, different for each `seed`. */
export function csvBytes(n: number, seed = 1): Buffer {
  const lines: string[] = ['id,value'];
  let size = 'id,value\n'.length;
  for (let i = 1; size < n; i++) {
    const line = `${i},${(i * 7919 * seed) % 100_003}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`).subarray(0, n);
}

/**
 * `environmentNetworks` (default TEST_INSIDE_NETWORKS, which holds the server's loopback clients)
 * decides who is inside; with `trustProxy: ['127.0.0.1']` a test sets each request's address in X-Forwarded-For.
 */
export async function startUploadServer(dialect: Dialect, options: { limits?: Partial<PackageLimits>; environmentNetworks?: readonly string[]; trustProxy?: string[] } = {}): Promise<UploadServer> {
  const database = await createTestDatabase(dialect);
  const world = await createWorld(database.db);
  const services = await createTestServices(database, { ...(options.limits ? { limits: options.limits } : {}), clock: world.clock });
  const build = async (): Promise<{ app: App; base: string }> => {
    const app = await buildApp({
      db: database.db,
      clock: world.clock,
      limits: TEST_LIMITS,
      cookieSecure: 'auto',
      environment: environmentNetworks(options.environmentNetworks ?? TEST_INSIDE_NETWORKS),
      ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
      identity: TEST_IDENTITY,
      version: 'test',
      packages: services,
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    return { app, base };
  };
  const server: UploadServer = {
    ...(await build()),
    world,
    database,
    services,
    token: async (key, scopes = ['packages:write']) => {
      const user = world.users[key];
      if (!user) throw new Error(`no world user "${key}"`);
      return (await createApiToken(user.ctx, { name: `${key} test`, projectId: world.projectId, scopes })).secret;
    },
    restart: async () => {
      await server.app.close();
      Object.assign(server, await build());
    },
    close: async () => {
      await server.app.close();
      await services.close();
      await database.close();
    },
  };
  return server;
}
