// Whether dist/cli (scripts/build-cli.ts) was built from the source files as they are now: every
// file named in dist/cli/sources.json still has the size and modification time it had when the
// bundle was built. bin/egress.js runs the bundle only then; the benchmarks report it.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function bundleIsCurrent() {
  try {
    const { sources } = JSON.parse(readFileSync(`${ROOT}dist/cli/sources.json`, 'utf8'));
    return sources.every(([path, size, mtimeMs]) => {
      const info = statSync(ROOT + path);
      return info.size === size && info.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}
