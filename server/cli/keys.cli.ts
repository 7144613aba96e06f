/** `egress keys` and `egress keys rotate`: the bundle signing keys (docs/bundles.md, "Keys"). */
import { listBundleKeys, rotateBundleKey } from '../commands/bundle-keys.commands';
import type { CliHost } from './cli-root';
import { EXIT, type Io, reportError } from './output';
import { asSystem } from './system-context';

/** Prints every listed key: fingerprint, created, retired, and which one signs new bundles. */
export async function keysListCommand(io: Io, host: CliHost, json: boolean): Promise<number> {
  try {
    return await asSystem(host, 'cli: keys', async (ctx) => {
      const keys = await listBundleKeys(ctx.db);
      if (json) io.out(JSON.stringify({ keys }, null, 2));
      else if (keys.length === 0) io.out('No bundle signing key yet: the server creates one on its first start.');
      else
        for (const key of keys) {
          io.out(`${key.fingerprint}  ${key.algorithm}  created ${key.createdAt}  ${key.current ? 'current' : `retired ${key.retiredAt}`}`);
        }
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, json);
  }
}

/** Makes a new key on the embedded default; refused with a configured BUNDLE_SIGNING_KEY. */
export async function keysRotateCommand(io: Io, host: CliHost): Promise<number> {
  try {
    const store = await host.root.bundleKeyStore(host.config);
    return await asSystem(host, 'cli: keys rotate', async (ctx) => {
      const rotated = await rotateBundleKey(ctx, store);
      io.out(`New bundle signing key ${rotated.fingerprint}.`);
      for (const old of rotated.retired) io.out(`Retired ${old} (still listed: bundles it signed still verify).`);
      io.out('New bundles are signed with the new key from now on; a running server picks it up at its next release.');
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}
