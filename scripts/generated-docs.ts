/**
 * What the doc generators (scripts/workflow-diagram.ts, checks-doc.ts, layers-diagram.ts) share:
 * the `--root DIR` their files are read from (default: the current folder, so tests can point
 * them at a copy), replacing the text between two markers, and writing each file, or with
 * `--check` only reporting the stale ones (exit code 1, nothing written).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface GeneratedFile {
  /** Relative to the root, e.g. docs/checks.md. */
  file: string;
  /** The file as it should be, from what it holds now ('' when it is missing). */
  make(current: string): string;
  /** What to tell someone whose copy is stale, e.g. "run npm run docs:checks". */
  hint: string;
}

/** The folder given by `--root DIR`, else the current folder. */
export function rootOf(argv: readonly string[]): string {
  const at = argv.indexOf('--root');
  return at >= 0 ? resolve(argv[at + 1] ?? '.') : process.cwd();
}

/** `doc` with the text between the markers replaced by `body` on its own lines; throws when `file` lacks the markers. */
export function replaceBetween(doc: string, markers: { start: string; end: string }, body: string, file: string): string {
  const a = doc.indexOf(markers.start);
  const b = doc.indexOf(markers.end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${markers.start} … ${markers.end} markers`);
  return `${doc.slice(0, a + markers.start.length)}\n${body}\n${doc.slice(b)}`;
}

/** Writes each stale file under `root` (with `check`: reports it instead); answers the exit code. */
export function updateGenerated(files: readonly GeneratedFile[], argv: readonly string[]): number {
  const root = rootOf(argv);
  const check = argv.includes('--check');
  let stale = 0;
  for (const { file, make, hint } of files) {
    const path = join(root, file);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* a missing file counts as stale */
    }
    const wanted = make(current);
    if (wanted === current) {
      console.log(`${file} is up to date`);
    } else if (check) {
      console.error(`${file} is out of date: ${hint}`);
      stale++;
    } else {
      writeFileSync(path, wanted);
      console.log(`wrote ${file}`);
    }
  }
  return stale > 0 ? 1 : 0;
}
