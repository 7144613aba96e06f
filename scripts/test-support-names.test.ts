/**
 * Test support has one naming scheme (issue 11, docs/architecture.md): harnesses and factories
 * shared across areas live in server/testing/, and support for one area sits next to it as
 * `<name>.testing.ts`. A file that only tests import is test support, so it must follow the scheme;
 * otherwise a sixth naming style (or a helper linted as product code) creeps back in.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, resolveSpecifier } from './import-cycles';

const root = relative(process.cwd(), `${import.meta.dirname}/..`) || '.';

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || /\.bench\.ts$/.test(file);
const isNamedSupport = (file: string) => file.startsWith('server/testing/') || /\.testing\.tsx?$/.test(file);
const isTestSide = (file: string) => isTest(file) || isNamedSupport(file) || file.startsWith('e2e/') || file.startsWith('bench/');

/** Files of server/, common/ and web/src/ imported by at least one file, and only by tests or test support. */
export function unnamedTestSupport(graph: Map<string, string[]>): string[] {
  const importers = new Map<string, string[]>();
  for (const [from, targets] of graph) for (const to of targets) importers.set(to, [...(importers.get(to) ?? []), from]);
  return [...importers]
    .filter(([file, by]) => /^(server|common|web\/src)\//.test(file) && !isTestSide(file) && by.every(isTestSide))
    .map(([file]) => file)
    .sort();
}

/** The static import graph plus dynamic `import('./…')` (the CLI loads its commands lazily), relative to the root. */
function projectGraph(): Map<string, string[]> {
  const rel = (p: string) => relative(root, p).split('\\').join('/');
  return new Map(
    [...importGraph(root)].map(([from, targets]) => {
      const dynamic = [...readFileSync(from, 'utf8').matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)].flatMap(([, spec]) => resolveSpecifier(from, spec as string) ?? []);
      return [rel(from), [...targets, ...dynamic].map(rel)];
    }),
  );
}

describe('the test support naming scheme', () => {
  it('names every file that only tests import `<name>.testing.ts` or keeps it in server/testing/', () => {
    expect(unnamedTestSupport(projectGraph())).toEqual([]);
  });

  it('notices a helper imported only by tests under another name', () => {
    const planted = new Map([
      ['server/http/routes/things.routes.test.ts', ['server/http/routes/test-things.ts', 'server/http/app.testing.ts']],
      ['server/http/app.testing.ts', ['server/http/app.ts', 'server/testing/factories.ts']],
      ['server/entrypoints/web.ts', ['server/http/app.ts']],
      ['server/http/app.ts', []],
      ['server/http/routes/test-things.ts', []],
      ['server/testing/factories.ts', []],
    ]);
    expect(unnamedTestSupport(planted)).toEqual(['server/http/routes/test-things.ts']);
  });
});
