/** Image formats (their metadata is read by the metadata family). */
import type { FileFormat } from './format';

export const IMAGE_FORMATS: FileFormat[] = [
  { name: 'png', kind: 'binary', extensions: ['.png'], mediaTypes: ['image/png'] },
  { name: 'jpeg', kind: 'binary', extensions: ['.jpg', '.jpeg'], mediaTypes: ['image/jpeg'] },
  { name: 'gif', kind: 'binary', extensions: ['.gif'], mediaTypes: ['image/gif'] },
  { name: 'tiff', kind: 'binary', extensions: ['.tif', '.tiff'], mediaTypes: ['image/tiff'] },
  { name: 'webp', kind: 'binary', extensions: ['.webp'], mediaTypes: ['image/webp'] },
  { name: 'heic', kind: 'binary', extensions: ['.heic'], mediaTypes: ['image/heic', 'image/heif'] },
  // Known by content only: the filetype family expects nothing of its extension.
  { name: 'avif', kind: 'binary', extensions: [], mediaTypes: [], opens: ['image/avif'] },
];
