/**
 * Which output-area files a bulk mark applies to: every file under a folder, every path a glob
 * pattern matches, or a list of paths — exactly one of them. Paths are relative to the area and
 * '/'-separated, as the inventory records them.
 *
 * Glob: `*` is any run of characters within one folder or file name, `?` one such character,
 * `**` any run across folders (`**\/` also matches no folder at all). Everything else is literal.
 *
 * Example: `selectionMatcher({ pattern: 'scratch/**\/*.tmp' })('scratch/a/b.tmp')` → true;
 * `selectionMatcher({ folder: 'results' })('results-old/x')` → false.
 */
import { DomainError } from '../errors';

export interface PathSelection {
  folder?: string | undefined;
  pattern?: string | undefined;
  paths?: readonly string[] | undefined;
}

const trimSlashes = (path: string): string => path.replace(/^\/+|\/+$/g, '');

/** The regular expression of a glob pattern, anchored at both ends. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  const p = trimSlashes(pattern);
  for (let i = 0; i < p.length; i += 1) {
    const c = p[i] as string;
    if (c === '*' && p[i + 1] === '*') {
      if (p[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** A test for paths in the selection. Throws `closure.selection_invalid` unless exactly one of folder, pattern and paths is given. */
export function selectionMatcher(selection: PathSelection): (path: string) => boolean {
  const given = [selection.folder !== undefined, selection.pattern !== undefined, selection.paths !== undefined].filter(Boolean).length;
  if (given !== 1) throw new DomainError('closure.selection_invalid', 'Choose the files by exactly one of: a folder, a pattern, or a list of paths');
  if (selection.folder !== undefined) {
    const folder = trimSlashes(selection.folder);
    if (folder.split('/').some((s) => s === '.' || s === '..')) throw new DomainError('closure.selection_invalid', 'A folder cannot contain "." or ".." segments');
    return folder === '' ? () => true : (path) => path === folder || path.startsWith(`${folder}/`);
  }
  if (selection.pattern !== undefined) {
    const re = globToRegExp(selection.pattern);
    return (path) => re.test(path);
  }
  const listed = new Set((selection.paths ?? []).map(trimSlashes));
  return (path) => listed.has(path);
}

/** Describes a selection for the audit log and messages: `folder "results"`, `pattern "**\/*.tmp"` or `3 listed paths`. */
export function describeSelection(selection: PathSelection): string {
  if (selection.folder !== undefined) return trimSlashes(selection.folder) === '' ? 'the whole output area' : `folder "${trimSlashes(selection.folder)}"`;
  if (selection.pattern !== undefined) return `pattern "${selection.pattern}"`;
  const n = selection.paths?.length ?? 0;
  return `${n} listed path${n === 1 ? '' : 's'}`;
}
