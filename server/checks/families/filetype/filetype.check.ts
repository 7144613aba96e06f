/**
 * The filetype family: content that does not match its extension, binary content nobody can
 * inspect, and statistical-package datasets that need a person to look at them.
 */
import { extname } from 'node:path';
import { isTextType } from '../../formats/detect-type';
import { BINARY_BY_EXTENSION, DATASET_EXTENSIONS, TEXT_BY_EXTENSION } from '../../formats/registry';
import { type CheckContext, type FileInfo, type Finding, finding } from '../../engine/types';
import { datasetFileFinding, datasetIsRead } from '../../shared/dataset-file';

/** Extensions and the media types their content may have (the format registry). */
const EXPECTED = BINARY_BY_EXTENSION;

/** True for extensions whose files must have binary content of a known type (an empty one is broken). */
export function expectsBinaryContent(name: string): boolean {
  return extname(name).toLowerCase() in EXPECTED;
}

export function filetypeFindings(file: FileInfo, ctx: CheckContext): Finding[] {
  const ext = extname(file.name).toLowerCase();
  const out: Finding[] = [];
  const expected = EXPECTED[ext];
  // Unrecognised content under a binary extension is reported as unreadable by the engine instead.
  if (expected && !expected.includes(file.mediaType) && file.mediaType !== 'application/octet-stream' && file.bytes > 0) {
    out.push(finding('filetype', 'extension_mismatch', 'review', `The content is ${file.mediaType}, not what the ${ext} extension says`));
  }
  if (TEXT_BY_EXTENSION[ext] && !isTextType(file.mediaType) && file.mediaType !== 'application/octet-stream') {
    out.push(finding('filetype', 'extension_mismatch', 'review', `A ${ext} file whose content is ${file.mediaType}`));
  }
  if (DATASET_EXTENSIONS.includes(ext) || file.mediaType.startsWith('application/x-dataset')) {
    if (!datasetIsRead(file, ctx)) out.push(datasetFileFinding(file, ctx));
  } else if (file.mediaType === 'application/octet-stream' && file.bytes > 0 && !expected) {
    out.push(finding('filetype', 'unknown_binary', 'review', 'Binary content of an unknown type: nothing inside it could be checked'));
  }
  return out;
}
