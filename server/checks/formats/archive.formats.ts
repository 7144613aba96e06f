/** Archive and compressed-stream formats (opened by the archive family). */
import type { FileFormat } from './format';

export const ARCHIVE_FORMATS: FileFormat[] = [
  { name: 'zip', kind: 'binary', extensions: ['.zip'], mediaTypes: ['application/zip'], opens: ['application/x-zip-compressed'] },
  { name: 'gzip', kind: 'binary', extensions: ['.gz', '.tgz'], mediaTypes: ['application/gzip'], opens: ['application/x-gzip'] },
  { name: 'tar', kind: 'binary', extensions: ['.tar'], mediaTypes: ['application/x-tar'] },
  { name: 'xz', kind: 'binary', extensions: ['.xz', '.txz'], mediaTypes: ['application/x-xz'] },
  { name: 'bzip2', kind: 'binary', extensions: ['.bz2', '.tbz2', '.tbz'], mediaTypes: ['application/x-bzip2'] },
  { name: '7z', kind: 'binary', extensions: ['.7z'], mediaTypes: ['application/x-7z-compressed'] },
];
