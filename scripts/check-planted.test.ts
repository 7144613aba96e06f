/**
 * `npm run check` refuses a planted violation of each kind it enforces, run the way package.json
 * runs it but against planted copies in a temporary folder (no tracked file is touched):
 * - a type error the project's compiler settings refuse (tsc, with a tsconfig extending ours);
 * - a file Prettier would reformat (prettier --check with our .prettierrc.json);
 * - the lint rules that are not import zones: process.env outside server/config, a TypeScript enum;
 * - an import cycle (scripts/import-cycles.ts --root);
 * - a stale generated document or module: the workflow diagrams, the rule table of docs/checks.md,
 *   the layer diagram of docs/architecture.md (--check --root) and the compiled WebAssembly
 *   (build-wasm.ts --check --dir); each is then regenerated in the copy and accepted.
 * The import zones have their planted violations in lint-fixtures/ (scripts/lint-zones.test.ts),
 * the web feature boundary in web/src/features/feature-boundaries.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const made: string[] = [];
const SLOW = 120_000;

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `files` (relative path → text). */
function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-planted-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs a file with node from the repository (so tsx and the packages resolve), like npm run check. */
function run(file: string, args: string[]) {
  const tsx = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const result = spawnSync(process.execPath, [...tsx, file, ...args], { cwd: repo, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const real = (path: string) => readFileSync(join(repo, path), 'utf8');

describe('npm run check refuses a planted', () => {
  it(
    'type error that our compiler settings refuse (an unchecked index)',
    () => {
      const dir = plant({
        'planted.ts': 'const counts: number[] = [];\nexport const first: number = counts[0];\n',
        'tsconfig.json': JSON.stringify({ extends: join(repo, 'tsconfig.json'), compilerOptions: { types: [] }, include: [], files: ['planted.ts'] }),
      });
      const result = run(join(repo, 'node_modules/typescript/bin/tsc'), ['-p', join(dir, 'tsconfig.json')]);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/planted\.ts\(2,14\): error TS2322/);
    },
    SLOW,
  );

  it(
    'file Prettier would reformat, and accepts it once formatted',
    () => {
      const dir = plant({ 'planted.ts': 'export const  planted = { a:1 }\n', 'formatted.ts': 'export const planted = { a: 1 };\n' });
      const prettier = (file: string) => run(join(repo, 'node_modules/prettier/bin/prettier.cjs'), ['--check', '--config', join(repo, '.prettierrc.json'), join(dir, file)]);
      const refused = prettier('planted.ts');
      expect(refused.status).toBe(1);
      expect(refused.output).toContain('planted.ts');
      expect(prettier('formatted.ts').status).toBe(0);
    },
    SLOW,
  );

  it(
    'read of process.env outside server/config and a TypeScript enum',
    async () => {
      const eslint = new ESLint({ cwd: repo });
      const messages = async (path: string, text: string) => ((await eslint.lintText(text, { filePath: join(repo, path) }))[0]?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
      expect(await messages('server/domain/planted.ts', 'export const port = process.env.PORT;\n')).toEqual([
        expect.stringContaining('no-restricted-syntax: Read configuration through server/config only'),
      ]);
      expect(await messages('server/config/planted.ts', 'export const port = process.env.PORT;\n')).toEqual([]);
      expect(await messages('common/planted.ts', 'export enum Colour { Red }\n')).toEqual([expect.stringContaining('no-restricted-syntax: Use `as const` objects')]);
    },
    SLOW,
  );

  it(
    'import cycle of two files',
    () => {
      const dir = plant({ 'server/a.ts': "import { b } from './b';\nexport const a = b;\n", 'server/b.ts': "import type { a } from './a';\nexport const b: typeof a = 1;\n" });
      const result = run(join(repo, 'scripts/import-cycles.ts'), ['--root', dir]);
      expect(result.status).toBe(1);
      expect(result.output).toContain('server/a.ts -> server/b.ts -> server/a.ts');
    },
    SLOW,
  );

  /** A copy of `files` with `stale` applied to one of them: --check refuses it and leaves it alone; written, it is accepted. */
  const staleCase = (script: string, files: string[], staleFile: string, stale: (text: string) => string) => () => {
    const dir = plant(Object.fromEntries(files.map((f) => [f, f === staleFile ? stale(real(f)) : real(f)])));
    const planted = readFileSync(join(dir, staleFile), 'utf8');
    expect(planted).not.toBe(real(staleFile));
    const refused = run(join(repo, script), ['--check', '--root', dir]);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain(`${staleFile} is out of date`);
    expect(readFileSync(join(dir, staleFile), 'utf8')).toBe(planted);
    expect(run(join(repo, script), ['--root', dir]).status).toBe(0);
    expect(run(join(repo, script), ['--check', '--root', dir]).status).toBe(0);
  };
  /** `text` with a line planted right after the line holding `marker`. */
  const after = (marker: string) => (text: string) => {
    const end = text.indexOf('\n', text.indexOf(marker));
    return `${text.slice(0, end)}\nplanted stale line${text.slice(end)}`;
  };

  it(
    'stale workflow document (docs/workflow.md)',
    staleCase('scripts/workflow-diagram.ts', ['docs/workflow.md', 'README.md'], 'docs/workflow.md', (t) => `${t}planted stale line\n`),
    SLOW,
  );
  it('stale workflow diagram in the README', staleCase('scripts/workflow-diagram.ts', ['docs/workflow.md', 'README.md'], 'README.md', after('```mermaid')), SLOW);
  it('stale rule table (docs/checks.md)', staleCase('scripts/checks-doc.ts', ['docs/checks.md'], 'docs/checks.md', after('<!-- rules:start')), SLOW);
  it('stale layer diagram (docs/architecture.md)', staleCase('scripts/layers-diagram.ts', ['docs/architecture.md'], 'docs/architecture.md', after('graph TD')), SLOW);

  it(
    'stale compiled WebAssembly module',
    () => {
      const dir = plant({});
      for (const name of ['line-flags.wat', 'line-flags.wasm.ts']) copyFileSync(join(repo, 'server/checks/engine', name), join(dir, name));
      const build = (...args: string[]) => run(join(repo, 'scripts/build-wasm.ts'), [...args, '--dir', dir]);
      expect(build('--check').status).toBe(0);
      writeFileSync(join(dir, 'line-flags.wat'), readFileSync(join(dir, 'line-flags.wat'), 'utf8').replace('(module', '(module\n  (func $planted)'));
      const refused = build('--check');
      expect(refused.status).toBe(1);
      expect(refused.output).toContain('line-flags.wasm.ts is out of date');
    },
    SLOW,
  );
});
