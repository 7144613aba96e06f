import type { FormatHandler } from '../types';

/** zip, tar, gzip: members become entries; bombs and traversal are blocked. */
export const archiveHandlers: FormatHandler[] = [];
