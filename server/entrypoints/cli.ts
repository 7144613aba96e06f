/** Wires the CLI to the real process and the real server. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { processIo, runCli } from '../cli/program';
import { cliRoot } from './cli-root';
import type { Config } from '../config/config';
import { processEnvironment } from '../config/environment';

async function serve(config: Config, options: { demo: boolean }): Promise<number> {
  const { startServer } = await import('./web');
  const server = await startServer(config, options);
  const lines = [`Safe Haven Egress is running at ${server.url}`];
  if (server.loopbackForDemo) {
    lines.push(`Demo: this machine's loopback addresses (${server.environmentNetworks.join(', ')}) count as inside the secure environment, because ENVIRONMENT_NETWORKS is not set.`);
  } else if (server.environmentNetworks.length === 0) {
    lines.push('ENVIRONMENT_NETWORKS is not set: nobody is inside the secure environment, so only reviewers can read package content and no files can be uploaded.');
  } else {
    lines.push(`Inside the secure environment: ${server.environmentNetworks.join(', ')}`);
  }
  if (server.secondFactorOptional) {
    lines.push(
      'Demo: the second factor (TOTP) is optional for every account, so you can sign in with a password alone; enrol one from the “Second factor” page. Without --demo it is required (docs/identity.md).',
    );
  }
  if (server.demoAccounts.length > 0) {
    lines.push('', `Demo accounts (also saved in ${join(config.dataDir, 'demo-accounts.txt')}):`);
    for (const a of server.demoAccounts) lines.push(`  ${(a.projectRole ?? a.systemRole).padEnd(30)} ${a.email.padEnd(28)} ${a.password}`);
  } else if (options.demo && existsSync(join(config.dataDir, 'demo-accounts.txt'))) {
    lines.push('', `The demo accounts were created on the first start; their passwords are in ${join(config.dataDir, 'demo-accounts.txt')}.`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

export function main(argv: string[]): Promise<number> {
  return runCli(argv, processIo, cliRoot(serve), processEnvironment());
}
