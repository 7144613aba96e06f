/**
 * The metadata family's format handler: image EXIF/GPS/XMP/IPTC. Document properties (Office,
 * PDF) are judged by document-properties.ts, called from the document handlers.
 */
import type { FormatHandler } from '../../engine/types';
import { imageHandler } from './image.check';

/** Image EXIF/GPS/XMP/IPTC metadata. */
export const metadataHandlers: FormatHandler[] = [imageHandler];
