/**
 * Removes every metadata chunk from a PNG without decoding it, so its pixels are exactly the
 * original's. Kept: the image (IHDR, PLTE, IDAT, IEND), transparency, the colour chunks that make
 * the pixels look right (gAMA, cHRM, sRGB, iCCP, cICP, mDCV, cLLI, sBIT), background, histogram,
 * pixel size, and the animation chunks of an APNG. Dropped: text (tEXt, zTXt, iTXt), EXIF
 * (eXIf), the modification time (tIME), suggested palettes (named) and every other chunk, known or
 * private (C2PA manifests, editor data), and anything after IEND.
 *
 * Only for a PNG whose EXIF orientation is upright: a rotated one is re-encoded (reencode.ts).
 *
 * Example: IHDR tEXt(Author) eXIf IDAT IEND → IHDR IDAT IEND.
 */
import { RedactionError } from '../types';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'cICP', 'mDCV', 'cLLI', 'sBIT', 'bKGD', 'hIST', 'pHYs', 'acTL', 'fcTL', 'fdAT']);
const KIND: Record<string, string> = { tEXt: 'text', zTXt: 'text', iTXt: 'text (XMP or other)', eXIf: 'EXIF', tIME: 'modification time' };

/** The PNG without its metadata chunks, and what kinds of metadata it had. */
export function stripPng(bytes: Buffer): { bytes: Buffer; removed: string[] } {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(SIGNATURE)) throw new RedactionError('redaction.unparseable', 'Not a PNG: no PNG signature');
  const parts: Buffer[] = [SIGNATURE];
  const removed = new Set<string>();
  let i = 8;
  for (;;) {
    if (i + 12 > bytes.length) throw new RedactionError('redaction.unparseable', 'The PNG ends before its IEND chunk');
    const length = bytes.readUInt32BE(i);
    const type = bytes.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + length;
    if (end > bytes.length) throw new RedactionError('redaction.unparseable', 'A PNG chunk runs past the end of the file');
    if (KEEP.has(type)) parts.push(bytes.subarray(i, end));
    else removed.add(KIND[type] ?? `${type} chunk`);
    i = end;
    if (type === 'IEND') break;
  }
  if (i < bytes.length) removed.add('data after the end of the picture');
  return { bytes: Buffer.concat(parts), removed: [...removed] };
}
