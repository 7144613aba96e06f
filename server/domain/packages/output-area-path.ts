/**
 * Paths in a project's output area (the environment's folder of finished outputs, e.g.
 * /mnt/output), decided without touching the disk:
 * - `parseOutputAreaSetting` checks what a system manager configures: an absolute folder path.
 *   Storage-container prefixes (`s3://…`, `azure://…`) are refused for now (`output_area.unsupported`).
 * - `parseRequestedPath` checks a path a client asks for, relative to the output area: `.`/`..`
 *   segments are refused with `output_area.outside` before anything is looked up.
 * - `isInsideRoot` / `relativeToRoot` decide whether a resolved real path is still inside the
 *   area's real root; the folder reader (server/storage/output-area.ts) calls them after
 *   `realpath`, so a symbolic link that leaves the area is refused wherever it points.
 *
 * Example: `parseRequestedPath('results/tables/')` → `results/tables`;
 * `parseRequestedPath('results/../../etc')` → refused with `output_area.outside`;
 * `isInsideRoot('/mnt/output', '/mnt/output-other/x')` → false.
 */
import { DomainError } from '../errors';

const MAX_PATH = 4096;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The normalised folder path to store as a project's output area, or null to clear it.
 * Throws `output_area.unsupported` for a storage-container URL, `validation.invalid_input`
 * for anything that is not an absolute folder path.
 */
export function parseOutputAreaSetting(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  const value = raw.trim();
  if (SCHEME.test(value)) {
    throw new DomainError(
      'output_area.unsupported',
      'Storage-container output areas (s3://…, azure://…) are not supported yet; give the absolute path of a folder the server can read, e.g. /mnt/output',
    );
  }
  if (value.length > MAX_PATH) throw new DomainError('validation.invalid_input', `The output area path is longer than ${MAX_PATH} characters`);
  if (CONTROL.test(value)) throw new DomainError('validation.invalid_input', 'The output area path contains a control character');
  if (!value.startsWith('/')) throw new DomainError('validation.invalid_input', 'The output area must be an absolute folder path, e.g. /mnt/output');
  const segments = value.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) {
    throw new DomainError('validation.invalid_input', 'The output area path may not contain "." or ".."; give the folder itself');
  }
  if (segments.length === 0) throw new DomainError('validation.invalid_input', 'The output area cannot be the whole file system (/); give the folder of finished outputs');
  return `/${segments.join('/')}`;
}

/**
 * A requested path relative to the output area, normalised ('' is the area itself).
 * Leading and trailing slashes are ignored. Throws `output_area.outside` for `.` or `..`
 * segments, `validation.invalid_input` for empty segments (`a//b`) or control characters.
 */
export function parseRequestedPath(raw: string | undefined | null): string {
  if (raw === undefined || raw === null) return '';
  if (raw.length > MAX_PATH) throw new DomainError('validation.invalid_input', `The path is longer than ${MAX_PATH} characters`);
  if (CONTROL.test(raw)) throw new DomainError('validation.invalid_input', 'The path contains a control character');
  const trimmed = raw.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  const segments = trimmed.split('/');
  for (const segment of segments) {
    if (segment === '.' || segment === '..') {
      throw new DomainError('output_area.outside', `"${raw.slice(0, 200)}" is not inside the output area: "." and ".." are not allowed in a path`);
    }
    if (segment === '') throw new DomainError('validation.invalid_input', `"${raw.slice(0, 200)}" contains an empty folder name (//)`);
  }
  return segments.join('/');
}

/** A child's path relative to the area, from its folder's relative path and its name. */
export function childPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/** The parent folder of a relative path ('' for the area itself), or null for the area itself. */
export function parentPath(relative: string): string | null {
  if (relative === '') return null;
  const at = relative.lastIndexOf('/');
  return at < 0 ? '' : relative.slice(0, at);
}

/** Whether an absolute, resolved path is the root itself or below it (string-exact, no prefix tricks). */
export function isInsideRoot(root: string, candidate: string): boolean {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return candidate === base || candidate.startsWith(`${base}/`) || base === '';
}

/** The path of a resolved absolute path relative to the root, or null when it is outside. */
export function relativeToRoot(root: string, candidate: string): string | null {
  if (!isInsideRoot(root, candidate)) return null;
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return candidate === base ? '' : candidate.slice(base.length + 1);
}
