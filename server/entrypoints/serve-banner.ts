/** The lines `egress serve` prints once the server listens (server/entrypoints/cli.ts). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config';
import type { RunningServer } from './web';

/** What `egress serve` prints once it listens: where, who is inside, and where the demo passwords are (never the passwords). */
export function serveBanner(
  server: Pick<RunningServer, 'url' | 'loopbackForDemo' | 'environmentNetworks' | 'demoAccounts' | 'secondFactorOptional'>,
  config: Pick<Config, 'dataDir'>,
  demo: boolean,
): string[] {
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
    // Passwords stay out of the terminal (and whatever records it); the file is readable by this user only.
    lines.push('', `Demo accounts, one per role, with their passwords: ${join(config.dataDir, 'demo-accounts.txt')}`);
    for (const a of server.demoAccounts) lines.push(`  ${(a.projectRole ?? a.systemRole).padEnd(30)} ${a.email}`);
  } else if (demo && existsSync(join(config.dataDir, 'demo-accounts.txt'))) {
    lines.push('', `The demo accounts were created on the first start; their passwords are in ${join(config.dataDir, 'demo-accounts.txt')}.`);
  }
  return lines;
}
