/**
 * The order of an output-area folder listing and its page cursors, the same for every reader
 * (a folder, an S3 or Azure prefix): folders first, then files and unavailable entries, each by
 * name in code-unit order. A cursor names the last entry of a page and is opaque to clients.
 *
 * Example: `cursorOf({ kind: 'folder', name: 'b' })` → `0/b`; `isAfterCursor({ kind: 'file', name: 'a' }, '0/b')` → true.
 */

export type EntryKind = 'folder' | 'file' | 'unavailable';

/** What the order reads of a listed entry. */
export interface OrderedEntry {
  name: string;
  kind: EntryKind;
}

function sortRank(entry: OrderedEntry): number {
  return entry.kind === 'folder' ? 0 : 1;
}

/** The cursor after an entry in a folder listing (opaque to clients). */
export function cursorOf(entry: OrderedEntry): string {
  return `${sortRank(entry)}/${entry.name}`;
}

/** The listing order: folders first, then files and unavailable entries, each by name. */
export function compareEntries(a: OrderedEntry, b: OrderedEntry): number {
  const rank = sortRank(a) - sortRank(b);
  if (rank !== 0) return rank;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether an entry comes after a cursor from `cursorOf` (an invalid cursor starts from the top). */
export function isAfterCursor(entry: OrderedEntry, cursor: string): boolean {
  const at = cursor.indexOf('/');
  const rank = Number(cursor.slice(0, at));
  if (at < 1 || !Number.isInteger(rank)) return true;
  const name = cursor.slice(at + 1);
  const own = sortRank(entry);
  return own !== rank ? own > rank : entry.name > name;
}
