/**
 * Decodes an image, turns its pixels as its EXIF orientation says, and encodes it again with no
 * metadata (sharp writes none unless asked) but its ICC profile, so colours stay right. Used for
 * a picture stored rotated (its orientation must go into the pixels, as the tag goes), and for
 * TIFF and HEIF/AVIF, whose metadata lives inside the image structure.
 *
 * Lossless wherever the format allows: PNG, TIFF (deflate) and lossless WebP and AVIF decode to
 * exactly the oriented original. A JPEG or lossy WebP is encoded again at quality 95 with full
 * colour resolution (4:4:4): the only lossy step, and only for pictures stored rotated.
 *
 * Example: a 40×20 JPEG with orientation 6 becomes a 20×40 JPEG with no EXIF, upright.
 */
import sharp from 'sharp';
import { RedactionError } from '../types';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'heif';

/** Bytes per decoded pixel channel, by sharp's depth names. */
const DEPTH_BYTES: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** The image oriented and written again without metadata; refuses what the memory budget cannot decode. */
export async function reencode(bytes: Buffer, format: ImageFormat, memoryBudgetBytes: number): Promise<Buffer> {
  const meta = await sharp(bytes).metadata();
  if ((meta.pages ?? 1) > 1)
    throw new RedactionError(
      'redaction.unsupported_format',
      `A ${format.toUpperCase()} with ${meta.pages} pages or frames that is stored rotated, or is a multi-page TIFF, cannot be redacted here: redact it inside`,
    );
  const decoded = (meta.width ?? 0) * (meta.height ?? 0) * (meta.channels ?? 4) * (DEPTH_BYTES[meta.depth ?? 'uchar'] ?? 1);
  if (decoded > memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The decoded picture needs ${decoded} bytes; the memory budget is ${memoryBudgetBytes}`);
  const image = sharp(bytes, { limitInputPixels: false, failOn: 'error' }).autoOrient().keepIccProfile();
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'png':
      return image.png({ compressionLevel: 9 }).toBuffer();
    case 'webp':
      return image.webp(isLosslessWebp(bytes) ? { lossless: true } : { quality: 95 }).toBuffer();
    case 'tiff':
      return image.tiff({ compression: 'deflate' }).toBuffer();
    case 'heif':
      return image.heif({ compression: 'av1', lossless: true }).toBuffer();
  }
}

/** Whether a WebP's picture is coded losslessly (a VP8L chunk). */
function isLosslessWebp(bytes: Buffer): boolean {
  return bytes.includes(Buffer.from('VP8L', 'latin1'));
}
