/**
 * Which local files `egress push PATH…` sends, and under which path in the package.
 *
 * The rule: a file given by name goes in under its own name (`egress push out/t1.csv` → `t1.csv`);
 * a folder contributes every regular file below it, under its path relative to that folder, so
 * the folder's own name is not part of the path (`egress push out` → `t1.csv`, `figs/a.png`).
 * Symbolic links are never followed (they are skipped and reported, wherever they are), and
 * so are sockets, pipes, devices and folders that cannot be read. When two arguments give the
 * same package path, the first wins and the second is skipped. Names are not judged here: the
 * server decides which names it accepts and `egress push` reports its refusals per file.
 *
 * Example: `out/` holding `t1.csv`, `figs/a.png` and a link `latest -> t1.csv` gives the files
 * `t1.csv` and `figs/a.png`, and the skip `latest: a symbolic link (not followed)`.
 */
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Stats } from 'node:fs';

export interface LocalFile {
  /** Where the file is on this machine. */
  localPath: string;
  /** Where it goes in the package ('/'-separated). */
  packagePath: string;
  bytes: number;
  /** Last modification (ms since the epoch) when the walk saw it: with the size, what tells a changed file. */
  mtimeMs: number;
}

export interface SkippedEntry {
  /** The local path, or the package path it would have had. */
  path: string;
  reason: string;
}

export interface Walk {
  files: LocalFile[];
  skipped: SkippedEntry[];
}

const toPackagePath = (root: string, path: string) => relative(root, path).split(sep).join('/');

function kindOf(stats: Stats): string | null {
  if (stats.isSymbolicLink()) return 'a symbolic link (not followed)';
  if (stats.isFIFO()) return 'a named pipe, not a regular file';
  if (stats.isSocket()) return 'a socket, not a regular file';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'a device, not a regular file';
  return stats.isFile() || stats.isDirectory() ? null : 'not a regular file';
}

/** Why a file or folder could not be read, in words. */
export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ENOENT') return 'no longer exists';
  if (code === 'ELOOP') return 'a symbolic link (not followed)';
  if (code === 'ENOTREG') return 'not a regular file';
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/**
 * The files under the given paths (see the rule above). Throws only when an argument does not
 * exist, so that a typing mistake sends nothing.
 */
export async function collectFiles(paths: readonly string[]): Promise<Walk> {
  const walk: Walk = { files: [], skipped: [] };
  const seen = new Set<string>();
  const add = (localPath: string, packagePath: string, { size: bytes, mtimeMs }: Stats) => {
    if (seen.has(packagePath)) walk.skipped.push({ path: localPath, reason: `another argument already gives the package path "${packagePath}"` });
    else {
      seen.add(packagePath);
      walk.files.push({ localPath, packagePath, bytes, mtimeMs });
    }
  };
  const roots = await Promise.all(paths.map(async (path) => ({ path, stats: await lstat(path) })));

  const visit = async (root: string, dir: string): Promise<void> => {
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort();
    } catch (error) {
      walk.skipped.push({ path: dir, reason: `this folder ${unreadableReason(error)}` });
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      let stats: Stats;
      try {
        stats = await lstat(path);
      } catch (error) {
        walk.skipped.push({ path, reason: unreadableReason(error) });
        continue;
      }
      const refusal = kindOf(stats);
      if (refusal) walk.skipped.push({ path, reason: refusal });
      else if (stats.isDirectory()) await visit(root, path);
      else add(path, toPackagePath(root, path), stats);
    }
  };

  for (const { path, stats } of roots) {
    const refusal = kindOf(stats);
    if (refusal) walk.skipped.push({ path, reason: refusal });
    else if (stats.isDirectory()) await visit(path, path);
    else add(path, basename(path), stats);
  }
  return walk;
}

/**
 * Opens a regular file for reading without following a symbolic link (one put in its place since
 * the walk is refused), and refuses anything but a regular file (ENOTREG). The caller closes it.
 */
export async function openRegularFile(localPath: string): Promise<FileHandle> {
  const handle = await open(localPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
