/**
 * Removes every metadata segment from a JPEG without decoding it, so the picture's bytes (and
 * its decoded pixels) are exactly the original's. Kept: the frame, tables, scans and restart
 * markers; a JFIF header (rewritten without its thumbnail); ICC profile segments (APP2
 * `ICC_PROFILE`, so colours stay right); the Adobe segment (APP14, which says how the colour
 * channels are coded). Dropped: EXIF and XMP (APP1), IPTC/Photoshop (APP13), JFXX thumbnails,
 * MPF and FlashPix (APP2), every other APPn, comments (COM), and anything after the end marker
 * (the extra pictures MPF points at, trailers).
 *
 * Only for a JPEG whose orientation is already upright: a rotated one is re-encoded (reencode.ts).
 *
 * Example: SOI APP0(JFIF) APP1(Exif) COM DQT SOF0 DHT SOS … EOI → SOI APP0(JFIF) DQT SOF0 DHT SOS … EOI.
 */
import { RedactionError } from '../types';

/** What was removed, by kind, for the outcome. */
export interface Removed {
  kinds: Set<string>;
}

const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const APP14 = 0xee;
const COM = 0xfe;
const SOS = 0xda;
const EOI = 0xd9;

function startsWith(bytes: Buffer, at: number, id: string): boolean {
  return bytes.subarray(at, at + id.length).toString('latin1') === id;
}

/** The JFIF header with its density kept and no thumbnail. */
function jfifWithoutThumbnail(segment: Buffer): Buffer {
  const out = Buffer.alloc(2 + 2 + 14);
  out[0] = 0xff;
  out[1] = APP0;
  out.writeUInt16BE(16, 2);
  // "JFIF\0", version (2), units (1), X and Y density (2 each): bytes 4..16 of the segment.
  segment.copy(out, 4, 4, Math.min(segment.length, 16));
  out[16] = 0;
  out[17] = 0;
  return out;
}

function kindOf(marker: number, bytes: Buffer, at: number): string {
  if (marker === APP1) return startsWith(bytes, at + 4, 'Exif\0') ? 'EXIF' : startsWith(bytes, at + 4, 'http://ns.adobe.com/') ? 'XMP' : 'APP1 data';
  if (marker === APP13) return 'IPTC';
  if (marker === COM) return 'comment';
  if (marker === APP0) return 'thumbnail';
  if (marker === APP2) return startsWith(bytes, at + 4, 'MPF\0') ? 'extra pictures (MPF)' : 'APP2 data';
  return `APP${marker - APP0} data`;
}

/** The JPEG without its metadata, and what kinds of metadata it had. */
export function stripJpeg(bytes: Buffer): { bytes: Buffer; removed: string[] } {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new RedactionError('redaction.unparseable', 'Not a JPEG: no start-of-image marker');
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  const removed = new Set<string>();
  let jfifSeen = false;
  let i = 2;
  for (;;) {
    if (i + 1 >= bytes.length) throw new RedactionError('redaction.unparseable', 'The JPEG ends before its end-of-image marker');
    if (bytes[i] !== 0xff) throw new RedactionError('redaction.unparseable', 'The JPEG has bytes where a marker should be');
    // Fill bytes before a marker.
    while (bytes[i + 1] === 0xff && i + 2 < bytes.length) i++;
    const marker = bytes[i + 1]!;
    if (marker === EOI) {
      parts.push(bytes.subarray(i, i + 2));
      if (i + 2 < bytes.length) removed.add('data after the end of the picture');
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(bytes.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > bytes.length) throw new RedactionError('redaction.unparseable', 'The JPEG ends inside a segment');
    const end = i + 2 + bytes.readUInt16BE(i + 2);
    if (end > bytes.length) throw new RedactionError('redaction.unparseable', 'A JPEG segment runs past the end of the file');
    if (marker === SOS) {
      // The scan's coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      let j = end;
      while (j + 1 < bytes.length && !(bytes[j] === 0xff && bytes[j + 1] !== 0x00 && !(bytes[j + 1]! >= 0xd0 && bytes[j + 1]! <= 0xd7))) j++;
      parts.push(bytes.subarray(i, j));
      i = j;
      continue;
    }
    const isJfif = marker === APP0 && startsWith(bytes, i + 4, 'JFIF\0');
    const keep =
      (marker >= 0xe0 && marker <= 0xef) || marker === COM
        ? (isJfif && !jfifSeen) || (marker === APP2 && startsWith(bytes, i + 4, 'ICC_PROFILE\0')) || (marker === APP14 && startsWith(bytes, i + 4, 'Adobe'))
        : true;
    if (isJfif && !jfifSeen) {
      jfifSeen = true;
      const segment = bytes.subarray(i, end);
      if (segment.length > 18 && (segment[16] !== 0 || segment[17] !== 0)) removed.add('thumbnail');
      parts.push(jfifWithoutThumbnail(segment));
    } else if (keep) parts.push(bytes.subarray(i, end));
    else removed.add(kindOf(marker, bytes, i));
    i = end;
  }
  return { bytes: Buffer.concat(parts), removed: [...removed] };
}
