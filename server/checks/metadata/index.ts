import type { FormatHandler } from '../types';

/** Image EXIF/GPS/XMP/IPTC metadata. */
export const metadataHandlers: FormatHandler[] = [];
