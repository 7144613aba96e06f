/**
 * Bundles the `egress` command and the scan worker with esbuild into dist/cli, so that a run
 * does not compile the TypeScript sources (tsx compiles them in every process and again in every
 * worker thread). `npm install` / `npm ci` run it through the `prepare` script.
 *
 * Next to the bundle it writes dist/cli/sources.json: the size and modification time of every
 * source file the bundle was built from, and of package.json and package-lock.json, read before
 * the build. bin/egress.js runs the bundle only while every one of those files still matches
 * (bin/bundle.js), and otherwise runs the sources through tsx, so an edit takes effect at once
 * and stale code never runs.
 *
 * The command keeps every package external (loaded from node_modules at run time): native
 * modules and the server's plugins find their own files there, and zod stays one copy shared with
 * fastify-type-provider-zod. `splitting` keeps each command's modules in their own chunks, so
 * `egress scan` loads neither the database drivers nor the web server. The scan worker bundles
 * its parsers (libphonenumber-js, fast-xml-parser, yauzl, tar-stream, xz-decompress, file-type,
 * exifr): resolving and reading their few hundred module files was most of a worker's start-up.
 * pdf.js is imported by a computed name (hidden-content/pdf.check.ts), so it still loads from
 * node_modules, on the first PDF.
 *
 * dist/cli sits two folders below the project root, as server/entrypoints does, so that
 * `new URL('../../package.json', import.meta.url)` (entrypoints/version.ts) and `../../dist/web`
 * (entrypoints/web.ts) find the same files from the bundle.
 *
 *   node --import tsx scripts/build-cli.ts
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';

const ROOT = process.cwd();
const OUT = join(ROOT, 'dist', 'cli');
const SOURCE_FOLDERS = ['server', 'common'];
/** A change of installed packages (the worker bundles its parsers) also makes the bundle stale. */
const INSTALL_FILES = ['package.json', 'package-lock.json'];
/** Written last, removed first: while it is missing, bin/egress.js runs the sources. */
const STAMP = 'sources.json';

type Stamp = [path: string, size: number, mtimeMs: number];

/** Size and mtime of every file under the source folders, keyed by its path from the root (with /). */
function snapshot(): Map<string, Stamp> {
  const files = new Map<string, Stamp>();
  for (const folder of SOURCE_FOLDERS) {
    for (const name of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      const path = join(folder, name).split(sep).join('/');
      const info = statSync(join(ROOT, path));
      if (info.isFile()) files.set(path, [path, info.size, info.mtimeMs]);
    }
  }
  for (const path of INSTALL_FILES) {
    const info = statSync(join(ROOT, path));
    files.set(path, [path, info.size, info.mtimeMs]);
  }
  return files;
}

rmSync(join(OUT, STAMP), { force: true });
const before = snapshot();
rmSync(OUT, { recursive: true, force: true });
const common = { absWorkingDir: ROOT, outdir: OUT, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', metafile: true, logLevel: 'warning' } as const;
const cli = await build({ ...common, entryPoints: { cli: 'server/entrypoints/cli.ts' }, packages: 'external' });
const worker = await build({
  ...common,
  entryPoints: { 'scan.worker': 'server/checks/engine/scan.worker.ts', 'table.worker': 'server/checks/engine/table.worker.ts' },
  // The CommonJS packages bundled here call require() for Node's modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

const inputs = new Set([
  ...[...Object.keys(cli.metafile.inputs), ...Object.keys(worker.metafile.inputs)].filter((p) => !p.includes('node_modules/')).map((p) => relative(ROOT, join(ROOT, p)).split(sep).join('/')),
  ...INSTALL_FILES,
]);
const stamps = [...inputs].map((path) => {
  const stamp = before.get(path);
  if (!stamp) throw new Error(`build-cli: ${path} is outside ${SOURCE_FOLDERS.join(', ')} or appeared during the build; run the build again`);
  return stamp;
});
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, STAMP), `${JSON.stringify({ sources: stamps })}\n`);
