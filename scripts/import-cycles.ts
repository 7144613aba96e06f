/**
 * Finds import cycles among the project's own TypeScript files (issue 11) and exits 1 when there is one.
 *
 * What it counts: every STATIC import between two files of the tree — `import … from`,
 * `import type … from`, `export … from` (type-only ones too), side-effect `import '…'` and
 * `import x = require('…')` — whose specifier is relative ('./' or '../'). Type-only imports do not
 * make a runtime cycle, but they still tie the two modules together, so they count too.
 * Not counted: dynamic `import('…')` (loaded after every module has been evaluated), packages and
 * path aliases (none are used), and non-TypeScript targets such as JSON or CSS.
 *
 * Each strongly connected group of files is reported once, with one cycle through it.
 *
 * Usage: node --import tsx scripts/import-cycles.ts [--root DIR] [folder…]
 * (default folders: server common web/src scripts bench e2e, relative to the root).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const DEFAULT_FOLDERS = ['server', 'common', 'web/src', 'scripts', 'bench', 'e2e'];

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git']);

function listSources(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) listSources(path, out);
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
}

/** The relative specifiers a file imports statically (see the header for what counts). */
export function staticSpecifiers(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
      spec = statement.moduleSpecifier;
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      spec = statement.moduleReference.expression;
    }
    if (spec && ts.isStringLiteral(spec) && /^\.\.?(\/|$)/.test(spec.text)) found.push(spec.text);
  }
  return found;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Resolves a relative specifier to a source file, the way the bundler resolution of tsconfig does. */
export function resolveSpecifier(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  const stems = [base, base.replace(/\.(m|c)?jsx?$/, '')];
  for (const stem of stems) {
    if (SOURCE.test(stem) && isFile(stem)) return stem;
    for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (isFile(stem + ext)) return stem + ext;
    for (const ext of ['.ts', '.tsx']) if (isFile(join(stem, `index${ext}`))) return join(stem, `index${ext}`);
  }
  return undefined;
}

/** The import graph: file → the files of the tree it imports (absolute paths). */
export function importGraph(root: string, folders: readonly string[] = DEFAULT_FOLDERS): Map<string, string[]> {
  const files: string[] = [];
  for (const folder of folders) listSources(resolve(root, folder), files);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const spec of staticSpecifiers(file)) {
      const target = resolveSpecifier(file, spec);
      if (target && known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Strongly connected components (Tarjan), keeping only those that hold a cycle. */
function cyclicComponents(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];

  const visit = (start: string): void => {
    // Iterative so that a deep import chain cannot overflow the call stack.
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges.includes(frame.node);
        if (component.length > 1 || selfLoop) result.push(component.sort());
      }
    }
  };

  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return result;
}

/** One cycle inside a component: from its first file, breadth-first back to itself. */
function cycleThrough(component: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** Every import cycle of the tree, as file paths relative to root; the last equals the first. */
export function findImportCycles(root: string, folders: readonly string[] = DEFAULT_FOLDERS): string[][] {
  const graph = importGraph(root, folders);
  return cyclicComponents(graph).map((component) => cycleThrough(component, graph).map((file) => relative(root, file).split('\\').join('/')));
}

function main(argv: string[]): number {
  let root = process.cwd();
  const folders: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') root = resolve(argv[++i] ?? '.');
    else folders.push(argv[i]!);
  }
  const cycles = findImportCycles(root, folders.length > 0 ? folders : DEFAULT_FOLDERS);
  if (cycles.length === 0) {
    console.log('import-cycles: no import cycle');
    return 0;
  }
  console.error(`import-cycles: ${cycles.length} import cycle(s):`);
  for (const cycle of cycles) console.error(`  ${cycle.join(' -> ')}`);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
