/**
 * Archive handlers (docs/design.md §7, family `archive`): zip, tar, gzip and gzipped tars are read in
 * memory, never extracted to disk. Headers are checked before any data is read: absolute or
 * climbing member names → `archive.path_traversal` (block); too many members, too much declared
 * expansion or overlapping zip members → `archive.bomb` (block, and no data is read); duplicate
 * names → `archive.duplicate_entry` (review). Members come back as `members`; the engine scans
 * them (and recurses into nested archives). xz streams (and tar.xz) are decoded in WebAssembly,
 * and bzip2 streams (and tar.bz2) in JavaScript, under the same limits as gzip. 7z, rar and
 * other formats that cannot be decoded here are `unreadable` with an
 * `archive.unsupported_format` finding.
 */
import { finding, type CheckContext, type Extracted, type FileInfo, type FormatHandler } from '../../engine/types';
import { extractBzip2 } from './bzip2';
import { extractGzip } from './gzip';
import { bombFinding, errorText, nestingDepth, unreadable } from './limits';
import { extractTar } from './tar';
import { extractXz } from './xz';
import { extractZip } from './zip';
import { mediaTypesOf } from '../../formats/registry';

export { nestingDepth, unsafeMemberName } from './limits';

/** Only plain zips: office documents (also zips) carry their own media types and are not matched. */
const ZIP_TYPES = mediaTypesOf('zip');
const TAR_TYPES = mediaTypesOf('tar');
const GZIP_TYPES = mediaTypesOf('gzip');
const XZ_TYPES = mediaTypesOf('xz');
const BZIP2_TYPES = mediaTypesOf('bzip2');
/** Archive types that cannot be decoded here, with the reason given. */
const UNSUPPORTED: Record<string, string> = {
  'application/x-7z-compressed': '7z',
  'application/x-rar-compressed': 'rar',
  'application/vnd.rar': 'rar',
  'application/zstd': 'zstd',
  'application/x-lzip': 'lzip',
  'application/x-lzma': 'lzma',
};

type Reader = (bytes: Buffer, file: FileInfo, ctx: CheckContext) => Promise<Extracted>;

/**
 * Wraps a reader: refuses archives nested deeper than `archiveMaxDepth` (counted from the
 * engine's `outer!/inner` paths), and turns any error or a spent time budget into `unreadable`.
 */
function guarded(read: Reader): FormatHandler['extract'] {
  return async (bytes, file, ctx) => {
    const depth = nestingDepth(file);
    if (depth >= ctx.parameters.archiveMaxDepth) {
      return { findings: [bombFinding(`Archive is nested ${depth} levels deep, past the limit of ${ctx.parameters.archiveMaxDepth}; it was not opened`)], members: [] };
    }
    if (ctx.signal.aborted) return unreadable('time budget exceeded');
    try {
      const result = await read(bytes, file, ctx);
      return ctx.signal.aborted && !result.unreadable ? unreadable('time budget exceeded', result.findings, result.members) : result;
    } catch (err) {
      return unreadable(`archive could not be read: ${errorText(err)}`);
    }
  };
}

/** Zip archives (not office documents). */
export const zipHandler: FormatHandler = {
  name: 'zip',
  matches: (file) => ZIP_TYPES.has(file.mediaType),
  extract: guarded((bytes, _file, ctx) => extractZip(bytes, ctx)),
};

/** Tar archives. */
export const tarHandler: FormatHandler = {
  name: 'tar',
  matches: (file) => TAR_TYPES.has(file.mediaType),
  extract: guarded((bytes, _file, ctx) => extractTar(bytes, ctx)),
};

/** Gzip streams, including gzipped tars. */
export const gzipHandler: FormatHandler = {
  name: 'gzip',
  matches: (file) => GZIP_TYPES.has(file.mediaType),
  extract: guarded(extractGzip),
};

/** xz streams, including tar.xz. */
export const xzHandler: FormatHandler = {
  name: 'xz',
  matches: (file) => XZ_TYPES.has(file.mediaType),
  extract: guarded(extractXz),
};

/** bzip2 streams, including tar.bz2. */
export const bzip2Handler: FormatHandler = {
  name: 'bzip2',
  matches: (file) => BZIP2_TYPES.has(file.mediaType),
  extract: guarded(extractBzip2),
};

/** Archive formats that cannot be decoded here: flagged for review by hand. */
export const unsupportedArchiveHandler: FormatHandler = {
  name: 'unsupported-archive',
  matches: (file) => Object.hasOwn(UNSUPPORTED, file.mediaType),
  extract: async (_bytes, file) => {
    const kind = UNSUPPORTED[file.mediaType] ?? 'these';
    return {
      findings: [finding('archive', 'unsupported_format', 'review', `${kind} archives cannot be opened by the checker; their members were not inspected`)],
      unreadable: `${kind} archives cannot be read; review by hand`,
    };
  },
};

/** zip, tar, gzip, xz, bzip2: members become entries; bombs and traversal are blocked. */
export const archiveHandlers: FormatHandler[] = [zipHandler, tarHandler, gzipHandler, xzHandler, bzip2Handler, unsupportedArchiveHandler];
