/**
 * Reading a project's output area, whatever holds it: a folder on the server (`/mnt/output`) or a
 * storage-container prefix (`s3://…`, `azure://…`). The output-area commands
 * (server/commands/output-area.commands.ts) read areas only through this port; server/storage
 * implements it (open-output-area.ts: the folder reader output-area.ts and the prefix reader
 * object-output-area.ts, with the server's storage credentials), wired in server/entrypoints.
 *
 * Every reader keeps the same rules: a requested path is relative to the area, `.`/`..` are
 * refused before anything is looked up, nothing outside the area is ever listed or opened, and a
 * listing is sorted folders first, then by name (server/domain/packages/output-area-order.ts).
 *
 * Example: `const area = await outputAreas.open(project.output_area);
 * try { (await area.list('results')).entries } finally { await area.close?.() }`.
 */
import type { Readable } from 'node:stream';
import type { EntryKind } from '../domain/packages/output-area-order';

export type { EntryKind };
/** Why an entry cannot be opened: its link leaves the area, it is a device/pipe/socket, or it cannot be read. */
export type UnavailableReason = 'outside' | 'special' | 'unreadable';

export interface FolderEntry {
  name: string;
  /** Relative to the area, '/'-separated. */
  path: string;
  kind: EntryKind;
  reason: UnavailableReason | null;
  /** Whether the entry is a symbolic link (to something inside the area when kind is not unavailable). */
  link: boolean;
}

export interface DescribedEntry extends FolderEntry {
  bytes: number | null;
  mtimeMs: number | null;
}

export interface OpenedFile {
  /** Size and modification time of the file as opened. */
  bytes: number;
  mtimeMs: number;
  /** The bytes (not closed at the end: call `close`). */
  stream(): Readable;
  /** Throws `file.size_mismatch` or `output_area.changed_during_copy` when the file changed since it was opened. */
  assertUnchanged(): Promise<void>;
  close(): Promise<void>;
}

/** One entry of a whole-area inventory: a file with its size, time and (container prefixes) etag, or an entry that is not a file of the area. */
export type InventoryItem =
  { path: string; kind: 'file'; bytes: number; mtimeMs: number; etag: string | null } | { path: string; kind: 'skipped'; code: 'output_area.outside' | 'output_area.unreadable'; message: string };

export type WalkItem = { path: string; kind: 'file' } | { path: string; kind: 'skipped'; code: 'output_area.outside' | 'output_area.unreadable'; message: string };

/** One opened output area; `close` it when done. */
export interface OutputAreaSource {
  /** Every entry of one folder, sorted (folders first, then by name). */
  list(raw: string): Promise<{ relative: string; entries: FolderEntry[] }>;
  /** Adds size and modification time to listed entries (unavailable when a file cannot be read now). */
  describe(entries: readonly FolderEntry[]): Promise<DescribedEntry[]>;
  /** Every file under a path (the path itself when it is a file); stops after `max + 1` files. */
  walk(raw: string, max: number): AsyncGenerator<WalkItem>;
  /**
   * Every file of the whole area with its size, modification time and etag (null for a folder),
   * depth first, for the closure inventory (docs/closure.md). Same confinement as `walk`.
   */
  inventory(): AsyncGenerator<InventoryItem>;
  /** Opens one file at this moment; `assertUnchanged` says whether it changed since. */
  openFile(raw: string): Promise<OpenedFile>;
  /** Releases connections (nothing to release for a folder). */
  close?(): Promise<void>;
}

/** Opens output areas by what a project's setting names (a folder path or a container prefix). */
export interface OutputAreas {
  /** Opens the area; a folder must exist (`output_area.not_found` / `output_area.unreadable`), a prefix is contacted on first use. */
  open(configured: string): Promise<OutputAreaSource>;
  /**
   * Checks that a setting names an area the server can read: an existing, readable folder, or a
   * bucket/container it can list. Throws `output_area.not_found` or `output_area.unreadable`.
   */
  check(configured: string): Promise<void>;
}
