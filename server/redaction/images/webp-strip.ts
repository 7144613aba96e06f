/**
 * Removes the metadata chunks from a WebP without decoding it, so its pixels are exactly the
 * original's. Kept: the image and alpha (VP8, VP8L, ALPH), the extended header (VP8X, with its
 * EXIF and XMP flags cleared), animation (ANIM, ANMF) and the ICC profile (ICCP). Dropped: EXIF,
 * XMP and every other chunk.
 *
 * Only for a WebP whose EXIF orientation is upright: a rotated one is re-encoded (reencode.ts).
 *
 * Example: RIFF WEBP [VP8X EXIF VP8] → RIFF WEBP [VP8X (no EXIF flag) VP8].
 */
import { RedactionError } from '../types';

const KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const KIND: Record<string, string> = { EXIF: 'EXIF', 'XMP ': 'XMP' };
/** VP8X flag bits: EXIF and XMP present. */
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

/** The WebP without its metadata chunks, and what kinds of metadata it had. */
export function stripWebp(bytes: Buffer): { bytes: Buffer; removed: string[] } {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP')
    throw new RedactionError('redaction.unparseable', 'Not a WebP: no RIFF WEBP header');
  const riffEnd = Math.min(bytes.length, 8 + bytes.readUInt32LE(4));
  const parts: Buffer[] = [];
  const removed = new Set<string>();
  let i = 12;
  while (i + 8 <= riffEnd) {
    const type = bytes.toString('latin1', i, i + 4);
    const size = bytes.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > riffEnd) throw new RedactionError('redaction.unparseable', 'A WebP chunk runs past the end of the file');
    if (type === 'VP8X') {
      const chunk = Buffer.from(bytes.subarray(i, Math.min(end, riffEnd)));
      chunk[8] = chunk[8]! & ~(EXIF_FLAG | XMP_FLAG);
      parts.push(chunk);
    } else if (KEEP.has(type)) parts.push(bytes.subarray(i, Math.min(end, riffEnd)));
    else removed.add(KIND[type] ?? `${type.trim()} chunk`);
    i = end;
  }
  if (riffEnd < bytes.length) removed.add('data after the end of the picture');
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return { bytes: Buffer.concat([header, body]), removed: [...removed] };
}
