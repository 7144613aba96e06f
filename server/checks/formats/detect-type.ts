/**
 * Decides a file's media type from its content: magic numbers first (file-type), then a text
 * sniff (no NUL bytes, mostly printable). The extension only refines text (csv vs. plain) and
 * names the formats no magic number identifies; it never overrides binary content. The
 * extensions and media types come from the format registry (registry.ts).
 */
import { extname } from 'node:path';
import { looksLikeBzip2 } from './bzip2-magic';
import { XLSM_MEDIA_TYPE } from './document.formats';
import { DATASET_EXTENSIONS, TEXT_BY_EXTENSION, TEXT_MEDIA_TYPES } from './registry';

export { DATASET_EXTENSIONS, TEXT_BY_EXTENSION };

export function isTextType(mediaType: string): boolean {
  return mediaType.startsWith('text/') || TEXT_MEDIA_TYPES.includes(mediaType);
}

/** True when the head of a file looks like text: no NUL bytes and few control characters. */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control / head.length < 0.02;
}

type FileTypeModule = typeof import('file-type');
let fileTypeModule: Promise<FileTypeModule> | undefined;

/** The media type of a file from its first bytes (pass the whole buffer for zip-based formats). */
export async function detectMediaType(name: string, bytes: Uint8Array): Promise<string> {
  fileTypeModule ??= import('file-type');
  const { fileTypeFromBuffer } = await fileTypeModule;
  const ext = extname(name).toLowerCase();
  const detected = await fileTypeFromBuffer(bytes).catch(() => undefined);
  // file-type takes anything starting `BZh` for bzip2, text included: the full header decides.
  if (detected && !(detected.mime === 'application/x-bzip2' && !looksLikeBzip2(bytes))) {
    if (detected.mime === 'application/zip' && ext === '.xlsm') return XLSM_MEDIA_TYPE;
    return detected.mime;
  }
  if (looksLikeText(bytes.subarray(0, 8192))) return TEXT_BY_EXTENSION[ext] ?? 'text/plain';
  if (DATASET_EXTENSIONS.includes(ext)) return `application/x-dataset${ext.replace('.', '-')}`;
  return 'application/octet-stream';
}
