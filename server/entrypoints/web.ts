/**
 * Starts the API and web UI: opens the database, applies pending migrations, optionally
 * creates the demo data, and listens. The only place the web server's parts are wired.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../commands/context';
import { type DemoAccount, seedDemo } from '../commands/demo.commands';
import { type Config, insideNetworksFor } from '../config/config';
import { environmentNetworks } from '../config/networks';
import { deliveryOptionsOf } from '../config/delivery-settings';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { LOG_REDACT, buildApp } from '../http/app';
import { systemClock } from '../ports/clock';
import { SECOND_FACTOR_OPTIONAL } from '../domain/identity/second-factor-policy';
import { createDemoOutputArea } from './demo-output-area';
import { serverLogger } from './server-logger';
import { openServices } from './services';
import { releaseRevokeSteps } from './release-delivery';
import { PRODUCT_VERSION } from './version';

export const WEB_ROOT = resolve(fileURLToPath(new URL('../../dist/web', import.meta.url)));

export interface RunningServer {
  url: string;
  demoAccounts: DemoAccount[];
  /** The networks treated as inside the secure environment (ENVIRONMENT_NETWORKS, or loopback for the demo). */
  environmentNetworks: readonly string[];
  /** True when the demo put loopback in place of an unset ENVIRONMENT_NETWORKS. */
  loopbackForDemo: boolean;
  /** True when the second factor is optional for everyone (the demo). */
  secondFactorOptional: boolean;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: { demo: boolean; quiet?: boolean }): Promise<RunningServer> {
  const inside = insideNetworksFor(config, options.demo);
  const handle = openDatabase(config.databaseUrl);
  const migration = await migrateToLatest(handle.db);
  if (migration.error) {
    await handle.close();
    throw new Error(`Database migration failed: ${migration.error}`);
  }
  const demoCtx = { db: handle.db, clock: systemClock, actor: systemActor('demo setup') };
  const demoAccounts = options.demo ? await seedDemo(demoCtx) : [];
  if (demoAccounts.length > 0) {
    writeDemoAccounts(config.dataDir, demoAccounts);
    const project = await handle.db.selectFrom('projects').select('id').executeTakeFirstOrThrow();
    await createDemoOutputArea(demoCtx, config.dataDir, project.id);
  }
  const logger = serverLogger(config, { ...(options.quiet ? { quiet: true } : {}), redact: LOG_REDACT });
  let services;
  try {
    services = await openServices(config, handle, systemClock, (error) => logger.error({ err: error }, 'scheduling output-area inventories failed'));
  } catch (error) {
    await handle.close();
    throw error;
  }
  // The demo leaves the second factor optional so that the quick start stays one command (the banner says so).
  const secondFactorOptional = options.demo;
  const app = await buildApp({
    packages: services.packages,
    db: handle.db,
    clock: systemClock,
    limits: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    cookieSecure: config.cookieSecure,
    identity: { signInLimits: config.identity.signInLimits, secondFactor: secondFactorOptional ? SECOND_FACTOR_OPTIONAL : config.identity.secondFactor },
    webRoot: WEB_ROOT,
    loggerInstance: logger,
    trustProxy: config.trustProxy,
    environment: environmentNetworks(inside.list),
    version: PRODUCT_VERSION,
    checkPreset: config.checkPreset,
    deliveryOptions: deliveryOptionsOf(config.delivery),
    emailConfigured: config.notifications.mail !== null,
    releaseRevokeSteps: releaseRevokeSteps(handle.db, config.delivery),
  });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('://[::1]', '://localhost');
  return {
    url,
    demoAccounts,
    environmentNetworks: inside.list,
    loopbackForDemo: inside.loopbackForDemo,
    secondFactorOptional,
    close: async () => {
      await app.close();
      await services.close();
      await handle.close();
    },
  };
}

function writeDemoAccounts(dataDir: string, accounts: DemoAccount[]): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'demo-accounts.txt');
  const lines = accounts.map((a) => `${a.email}\t${a.password}\t${a.projectRole ?? a.systemRole}`);
  writeFileSync(file, `# Demo sign-in details (email, password, role). Delete this file once you have them.\n${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
