/**
 * Metadata carriers exifr does not open itself. WebP keeps EXIF and XMP in RIFF chunks: they are
 * re-wrapped as the APP1 segments of a minimal JPEG so one parser reads every format. GIF keeps
 * free text in comment extensions, handed to the text detectors.
 *
 * Example: a WebP with an `EXIF` chunk becomes `FFD8 | FFE1 'Exif\0\0' + TIFF | FFD9`.
 */
import { gifBlocks, subBlockData } from './gif-blocks';

const XMP_ID = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
const MAX_SEGMENT = 0xffff - 2;

/** A JPEG holding the WebP's EXIF and XMP, or undefined when it has neither. */
export function webpAsJpeg(bytes: Buffer): Buffer | undefined {
  const segments: Buffer[] = [];
  for (let at = 12; at + 8 <= bytes.length;) {
    const fourcc = bytes.subarray(at, at + 4).toString('latin1');
    const size = bytes.readUInt32LE(at + 4);
    const data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
    if (fourcc === 'EXIF') {
      const tiff = data.subarray(0, 6).equals(EXIF_ID) ? data.subarray(6) : data;
      segments.push(app1(Buffer.concat([EXIF_ID, tiff])));
    } else if (fourcc === 'XMP ') {
      segments.push(app1(Buffer.concat([XMP_ID, data])));
    }
    at += 8 + size + (size % 2);
  }
  const usable = segments.filter((s) => s.length > 0);
  if (usable.length === 0) return undefined;
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...usable, Buffer.from([0xff, 0xd9])]);
}

function app1(payload: Buffer): Buffer {
  if (payload.length > MAX_SEGMENT) return Buffer.alloc(0);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Text of GIF comment extensions (0x21 0xFE), found by walking the blocks. */
export function gifComments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const block of gifBlocks(bytes)) {
    if (block.kind === 'extension' && block.label === 0xfe) out.push(subBlockData(bytes, block.dataAt).toString('latin1'));
  }
  return out.filter((t) => t.trim() !== '');
}
