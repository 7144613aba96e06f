/**
 * Paths in a project's output area (the environment's folder of finished outputs, e.g.
 * /mnt/output), decided without touching the disk:
 * - `parseOutputAreaSetting` checks what a system manager configures: an absolute folder path,
 *   or a storage-container prefix `s3://BUCKET/PREFIX?endpoint=URL&region=R` or
 *   `azure://CONTAINER/PREFIX?endpoint=URL` (`parseContainerArea` splits one into its parts);
 *   any other scheme is refused (`output_area.unsupported`).
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
 * The normalised folder path or container prefix to store as a project's output area, or null
 * to clear it. Throws `output_area.unsupported` for a URL that is not s3:// or azure://,
 * `validation.invalid_input` for anything that is not an absolute folder path or a well-formed prefix.
 */
export function parseOutputAreaSetting(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  const value = raw.trim();
  if (SCHEME.test(value)) return containerAreaSetting(parseContainerArea(value));
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

/** A storage-container prefix as an output area (credentials come from the server's storage settings). */
export interface ContainerArea {
  scheme: 's3' | 'azure';
  /** The S3 bucket or Azure container. */
  container: string;
  /** The name prefix without leading or trailing slash ('' for the whole bucket or container). */
  prefix: string;
  /** An S3-compatible server or an Azure blob endpoint (absent: AWS, or the connection string's endpoint). */
  endpoint?: string;
  /** S3 only. */
  region?: string;
}

const CONTAINER_FORMS = 's3://BUCKET/PREFIX?endpoint=URL&region=REGION or azure://CONTAINER/PREFIX?endpoint=URL';
const ALLOWED_PARAMS: Record<ContainerArea['scheme'], readonly string[]> = { s3: ['endpoint', 'region'], azure: ['endpoint'] };

/**
 * Splits `s3://BUCKET/PREFIX?endpoint=URL&region=R` or `azure://CONTAINER/PREFIX?endpoint=URL`.
 * Throws `output_area.unsupported` for another scheme, `validation.invalid_input` for a
 * malformed URL, user info, unknown parameters (no secrets in the setting) or `.`/`..` in the prefix.
 */
export function parseContainerArea(raw: string): ContainerArea {
  const value = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== 's3' && scheme !== 'azure') {
    throw new DomainError('output_area.unsupported', `Only folders and storage-container prefixes (${CONTAINER_FORMS}) can be output areas`);
  }
  const invalid = (why: string) => new DomainError('validation.invalid_input', `The output area "${value.slice(0, 200)}" ${why}; expected ${CONTAINER_FORMS}`);
  if (value.length > MAX_PATH) throw invalid(`is longer than ${MAX_PATH} characters`);
  if (CONTROL.test(value)) throw invalid('contains a control character');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('is not a URL');
  }
  if (url.username || url.password || url.port || url.hash) throw invalid('may hold only a bucket or container, a prefix and parameters');
  let container: string;
  let segments: string[];
  try {
    container = decodeURIComponent(url.hostname);
    // From the text as given: URL parsing would quietly resolve `a/../b` to `b`.
    const rawPath = value.replace(/^[^:]+:\/\/[^/?#]*/, '').split(/[?#]/)[0] ?? '';
    segments = rawPath
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
  } catch {
    throw invalid('is not a well-formed URL');
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,62}$/i.test(container)) throw invalid('names no valid bucket or container');
  if (segments.some((s) => s === '.' || s === '..' || s.includes('/') || CONTROL.test(s))) {
    throw invalid('may not contain ".", "..", an encoded "/" or a control character in its prefix');
  }
  const area: ContainerArea = { scheme, container, prefix: segments.join('/') };
  for (const [key, param] of url.searchParams) {
    if (!ALLOWED_PARAMS[scheme].includes(key)) throw invalid(`has an unknown parameter "${key.slice(0, 50)}"`);
    if (key === 'endpoint') {
      if (!/^https?:\/\/[^/?#]+/i.test(param)) throw invalid('has an endpoint that is not an http(s) URL');
      area.endpoint = param;
    } else {
      // The SDK builds the host name from the region: only a region's spelling is accepted.
      if (!/^[a-z0-9-]{1,40}$/.test(param)) throw invalid('has a region that is not a region name such as eu-west-2');
      area.region = param;
    }
  }
  return area;
}

/** The one stored spelling of a container prefix (prefix segments encoded, parameters in a fixed order). */
function containerAreaSetting(area: ContainerArea): string {
  const prefix = area.prefix === '' ? '' : `/${area.prefix.split('/').map(encodeURIComponent).join('/')}`;
  const params = new URLSearchParams();
  if (area.endpoint !== undefined) params.set('endpoint', area.endpoint);
  if (area.region !== undefined) params.set('region', area.region);
  const query = params.toString();
  return `${area.scheme}://${area.container}${prefix}${query ? `?${query}` : ''}`;
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
