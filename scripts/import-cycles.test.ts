import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findImportCycles } from './import-cycles';

const script = fileURLToPath(new URL('./import-cycles.ts', import.meta.url));
const repoRoot = resolve(dirname(script), '..');
const made: string[] = [];

/** A temporary tree holding `files` (path → text) under server/. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, 'server', path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return root;
}

function runScript(root: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, '--root', root], { cwd: repoRoot, encoding: 'utf8' });
}

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('import-cycles', () => {
  it('finds a cycle of two files, one side importing only a type, and the script exits 1 naming both', () => {
    const root = tree({
      'a.ts': "import { b } from './b';\nexport type A = number;\nexport const a = b + 1;\n",
      'b.ts': "import type { A } from './a';\nexport const b: A = 1;\n",
      'c.ts': "import { a } from './a';\nexport const c = a;\n",
    });
    expect(findImportCycles(root)).toEqual([['server/a.ts', 'server/b.ts', 'server/a.ts']]);
    const run = runScript(root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('server/a.ts -> server/b.ts -> server/a.ts');
  });

  it('follows re-exports, index files and .js specifiers across folders', () => {
    const root = tree({
      'one/index.ts': "export * from './x';\n",
      'one/x.ts': "import { y } from '../two/y.js';\nexport const x = y;\n",
      'two/y.tsx': "import { z } from './z';\nexport const y = z;\n",
      'two/z.ts': "export { x as z } from '../one';\n",
    });
    expect(findImportCycles(root)).toEqual([['server/one/index.ts', 'server/one/x.ts', 'server/two/y.tsx', 'server/two/z.ts', 'server/one/index.ts']]);
  });

  it('finds no cycle in a tree without one (a dynamic import back does not count) and the script exits 0', () => {
    const root = tree({
      'a.ts': "import { b } from './b';\nimport { shared } from './shared';\nexport const a = b + shared;\n",
      'b.ts': "import { shared } from './shared';\nexport const b = shared;\nexport const later = () => import('./a');\n",
      'shared.ts': 'export const shared = 1;\n',
    });
    expect(findImportCycles(root)).toEqual([]);
    const run = runScript(root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('no import cycle');
  });
});
