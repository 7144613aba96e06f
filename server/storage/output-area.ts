/**
 * The folder reader of a project's output area: lists one folder level (folders first, then
 * files, by name), walks folders for an import, and opens files for reading, never outside
 * the area's real root.
 *
 * How escapes are refused:
 * - every requested path is checked for `.`/`..` first (server/domain/packages/output-area-path.ts),
 *   then resolved with `realpath`, and refused with `output_area.outside` unless the real path is
 *   inside the area's real root. A symbolic link is followed only when its target stays inside.
 * - a file is opened by its real path with O_NOFOLLOW (a last component swapped for a link fails)
 *   and O_NONBLOCK (a file swapped for a pipe cannot hang the server); after opening, `fstat` on
 *   the descriptor must show the same regular file (device and inode) that was checked, and on
 *   Linux `/proc/self/fd` must show it is still inside the root (a folder swapped for a link on
 *   the way is caught). This closes the race between checking and opening.
 * - devices, pipes and sockets are listed as unavailable and never opened.
 *
 * Example: with the area at /mnt/output and /mnt/output/leak → /etc/passwd,
 * `area.list('')` lists `leak` as unavailable (outside); `area.openFile('leak')` throws `output_area.outside`.
 */
import { constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, access, open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { DomainError } from '../domain/errors';
import { compareEntries } from '../domain/packages/output-area-order';
import { childPath, isInsideRoot, parseRequestedPath } from '../domain/packages/output-area-path';
import type { DescribedEntry, FolderEntry, InventoryItem, OpenedFile, OutputAreaSource, UnavailableReason, WalkItem } from '../ports/output-areas';

const MAX_DEPTH = 64;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

const errnoOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

function fsRefusal(error: unknown, relative: string): DomainError {
  const code = errnoOf(error);
  if (error instanceof DomainError) return error;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new DomainError('output_area.not_found', `"${relative}" is not in the output area`);
  if (code === 'ELOOP') return new DomainError('output_area.outside', `"${relative}" is a symbolic link that cannot be followed safely`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EIO') return new DomainError('output_area.unreadable', `"${relative}" cannot be read (${code})`);
  throw error;
}

const outside = (relative: string) => new DomainError('output_area.outside', `"${relative}" points outside the output area (a symbolic link that leaves it); it cannot be added`);

/** Checks that a configured output area is an existing folder the server can list and read. */
export async function checkOutputAreaFolder(path: string): Promise<void> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DomainError('output_area.not_found', `There is no folder ${path} on the server`);
    throw new DomainError('output_area.unreadable', `The folder ${path} cannot be read by the server (${code ?? 'error'})`);
  }
  if (!info.isDirectory()) throw new DomainError('output_area.not_found', `${path} is not a folder`);
  try {
    await access(path, constants.R_OK | constants.X_OK);
  } catch {
    throw new DomainError('output_area.unreadable', `The folder ${path} cannot be read by the server`);
  }
}

/** An output area opened at its real root. */
export class OutputArea implements OutputAreaSource {
  private constructor(readonly root: string) {}

  /** Opens the configured folder; throws `output_area.not_found` / `output_area.unreadable` when it is gone. */
  static async open(configured: string): Promise<OutputArea> {
    await checkOutputAreaFolder(configured);
    return new OutputArea(await realpath(configured));
  }

  /**
   * Resolves a relative path to its real path inside the area, with the real path's stat.
   * Throws `output_area.outside` (`..`, or a link leaving the area) or `output_area.not_found`.
   */
  async resolve(raw: string): Promise<{ relative: string; real: string; info: Stats }> {
    const relative = parseRequestedPath(raw);
    try {
      const real = await realpath(relative === '' ? this.root : `${this.root}/${relative}`);
      if (!isInsideRoot(this.root, real)) throw outside(relative);
      return { relative, real, info: await stat(real) };
    } catch (error) {
      throw fsRefusal(error, relative);
    }
  }

  /** Every entry of one folder, sorted (folders first, then by name); links are resolved, plain entries are not stat'ed. */
  async list(raw: string): Promise<{ relative: string; entries: FolderEntry[] }> {
    const { relative, real, info } = await this.resolve(raw);
    if (!info.isDirectory()) throw new DomainError('output_area.not_found', `"${relative}" is not a folder in the output area`);
    let dirents: Dirent[];
    try {
      dirents = await readdir(real, { withFileTypes: true });
    } catch (error) {
      throw fsRefusal(error, relative);
    }
    const entries = await Promise.all(dirents.map((d) => this.classify(relative, real, d)));
    return { relative, entries: entries.sort(compareEntries) };
  }

  private async classify(folder: string, realFolder: string, dirent: Dirent): Promise<FolderEntry> {
    const base = { name: dirent.name, path: childPath(folder, dirent.name), link: dirent.isSymbolicLink() };
    if (dirent.isDirectory()) return { ...base, kind: 'folder', reason: null };
    if (dirent.isFile()) return { ...base, kind: 'file', reason: null };
    if (!dirent.isSymbolicLink()) return { ...base, kind: 'unavailable', reason: 'special' };
    try {
      const target = await realpath(`${realFolder}/${dirent.name}`);
      if (!isInsideRoot(this.root, target)) return { ...base, kind: 'unavailable', reason: 'outside' };
      const info = await stat(target);
      if (info.isDirectory()) return { ...base, kind: 'folder', reason: null };
      if (info.isFile()) return { ...base, kind: 'file', reason: null };
      return { ...base, kind: 'unavailable', reason: 'special' };
    } catch {
      return { ...base, kind: 'unavailable', reason: 'unreadable' };
    }
  }

  /** Adds size and modification time (of the link's target for links) to listed entries. */
  async describe(entries: readonly FolderEntry[]): Promise<DescribedEntry[]> {
    return Promise.all(
      entries.map(async (entry): Promise<DescribedEntry> => {
        if (entry.kind !== 'file') return { ...entry, bytes: null, mtimeMs: null };
        try {
          const { info } = await this.resolve(entry.path);
          if (!info.isFile()) return { ...entry, kind: 'unavailable', reason: info.isDirectory() ? 'unreadable' : 'special', bytes: null, mtimeMs: null };
          return { ...entry, bytes: info.size, mtimeMs: Math.round(info.mtimeMs) };
        } catch (error) {
          const reason: UnavailableReason = error instanceof DomainError && error.code === 'output_area.outside' ? 'outside' : 'unreadable';
          return { ...entry, kind: 'unavailable', reason, bytes: null, mtimeMs: null };
        }
      }),
    );
  }

  /**
   * Every file under a path (the path itself when it is a file), depth first in listing order.
   * Links are followed only inside the area, each real folder once; links leaving the area and
   * special files come out as `skipped`. Stops after `max + 1` files (the caller refuses then).
   */
  async *walk(raw: string, max: number): AsyncGenerator<WalkItem> {
    const { relative, real, info } = await this.resolve(raw);
    if (info.isFile()) {
      yield { path: relative, kind: 'file' };
      return;
    }
    if (!info.isDirectory()) {
      yield { path: relative, kind: 'skipped', code: 'output_area.unreadable', message: `"${relative}" is not a regular file (a device, pipe or socket)` };
      return;
    }
    const seen = new Set<string>([real]);
    let files = 0;
    const visit = async function* (this: OutputArea, folder: string, depth: number): AsyncGenerator<WalkItem> {
      if (depth > MAX_DEPTH) {
        yield { path: folder, kind: 'skipped', code: 'output_area.unreadable', message: `"${folder}" is nested more than ${MAX_DEPTH} folders deep` };
        return;
      }
      const { entries } = await this.list(folder);
      for (const entry of entries) {
        if (files > max) return;
        if (entry.kind === 'unavailable') {
          yield entry.reason === 'outside'
            ? { path: entry.path, kind: 'skipped', code: 'output_area.outside', message: outside(entry.path).message }
            : { path: entry.path, kind: 'skipped', code: 'output_area.unreadable', message: `"${entry.path}" is not a regular file or cannot be read` };
        } else if (entry.kind === 'file') {
          files += 1;
          yield { path: entry.path, kind: 'file' };
        } else {
          const target = await realpath(`${this.root}/${entry.path}`).catch(() => null);
          if (target === null) {
            yield { path: entry.path, kind: 'skipped', code: 'output_area.unreadable', message: `"${entry.path}" cannot be read` };
            continue;
          }
          // A link back to a folder already walked (a loop, or a second name) is walked once only.
          if (seen.has(target)) continue;
          seen.add(target);
          yield* visit.call(this, entry.path, depth + 1);
        }
      }
    };
    yield* visit.call(this, relative, 1);
  }

  /** Every file of the area (as `walk('')`) with the size and modification time of what it resolves to. */
  async *inventory(): AsyncGenerator<InventoryItem> {
    for await (const item of this.walk('', Number.MAX_SAFE_INTEGER)) {
      if (item.kind === 'skipped') {
        yield item;
        continue;
      }
      try {
        const { info } = await this.resolve(item.path);
        if (info.isFile()) yield { path: item.path, kind: 'file', bytes: info.size, mtimeMs: Math.round(info.mtimeMs), etag: null };
        else yield { path: item.path, kind: 'skipped', code: 'output_area.unreadable', message: `"${item.path}" is not a regular file` };
      } catch (error) {
        const code = error instanceof DomainError && error.code === 'output_area.outside' ? 'output_area.outside' : 'output_area.unreadable';
        yield { path: item.path, kind: 'skipped', code, message: `"${item.path}" disappeared or cannot be read` };
      }
    }
  }

  /**
   * Opens a regular file for reading (see the header for the checks): the opened descriptor
   * must be the very file that was resolved and checked. Throws `output_area.outside`,
   * `output_area.not_found`, `output_area.unreadable` or `output_area.changed_during_copy`.
   */
  async openFile(raw: string): Promise<OpenedFile> {
    const { relative, real, info } = await this.resolve(raw);
    if (!info.isFile()) {
      throw new DomainError('output_area.unreadable', info.isDirectory() ? `"${relative}" is a folder` : `"${relative}" is not a regular file (a device, pipe or socket)`);
    }
    let handle: FileHandle;
    try {
      handle = await open(real, OPEN_FLAGS);
    } catch (error) {
      throw errnoOf(error) === 'ELOOP' ? outside(relative) : fsRefusal(error, relative);
    }
    try {
      const opened = await handle.stat();
      if (!opened.isFile() || opened.dev !== info.dev || opened.ino !== info.ino) {
        throw new DomainError('output_area.changed_during_copy', `"${relative}" was replaced while it was being opened; try again`);
      }
      await this.assertDescriptorInside(handle, relative);
      return {
        bytes: opened.size,
        mtimeMs: Math.round(opened.mtimeMs),
        stream: () => handle.createReadStream({ autoClose: false, start: 0 }),
        assertUnchanged: async () => {
          const now = await handle.stat();
          if (now.size !== opened.size) {
            throw new DomainError('file.size_mismatch', `"${relative}" changed size while it was being copied (${opened.size} → ${now.size} bytes); add it again once it is finished`);
          }
          if (now.mtimeMs !== opened.mtimeMs) {
            throw new DomainError('output_area.changed_during_copy', `"${relative}" was written to while it was being copied; add it again once it is finished`);
          }
        },
        close: () => handle.close(),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** On Linux, the descriptor's own path must still be inside the root (catches a folder swapped for a link). */
  private async assertDescriptorInside(handle: FileHandle, relative: string): Promise<void> {
    let actual: string;
    try {
      actual = await readlink(`/proc/self/fd/${handle.fd}`);
    } catch {
      return; // no /proc (not Linux): the device/inode check above still applies
    }
    if (!isInsideRoot(this.root, actual)) throw outside(relative);
  }
}
