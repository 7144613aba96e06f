/**
 * The pixel canvas an image declares in its headers, read without decoding: what a viewer or
 * image library must allocate to open it. PNG IHDR; JPEG start-of-frame; WebP VP8X, VP8 and VP8L
 * headers; every TIFF IFD's ImageWidth × ImageLength (the largest); GIF the logical screen grown
 * to cover every frame (a frame placed past the screen enlarges the canvas, as decoders do).
 * HEIF/AVIF sizes are not read. Truncated or absurd headers give what could be read, never a throw;
 * a file whose header walk is too long to finish cheaply (JPEG segments, GIF blocks, TIFF IFDs and
 * entries, each with its limit) is `unreadable`: a size may hide past the limit.
 *
 * Example: a GIF with a 32×32 screen and one 65535×1321 frame at top 65280 declares a
 * 65535×66601 canvas (4.4 billion pixels).
 */

import { gifBlocks } from './gif-blocks';
import { jpegSegments } from './jpeg-segments';

export interface Canvas {
  width: number;
  height: number;
}

/**
 * What the headers say: the largest canvas found (none when they do not say), and, when the walk
 * had to stop before reading every size, why; such a file cannot be vouched for.
 */
export interface DeclaredCanvas {
  canvas?: Canvas;
  unreadable?: string;
}

/** The canvas the image declares; `unreadable` when a header walk (JPEG, GIF, TIFF) stopped at its limit. */
export function declaredCanvas(bytes: Buffer, mediaType: string): DeclaredCanvas {
  switch (mediaType) {
    case 'image/png':
      return { canvas: bytes.length >= 24 && bytes.subarray(12, 16).toString('latin1') === 'IHDR' ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : undefined };
    case 'image/gif':
      return gifCanvas(bytes);
    case 'image/jpeg':
      return jpegCanvas(bytes);
    case 'image/webp':
      return { canvas: webpCanvas(bytes) };
    case 'image/tiff':
      return tiffCanvas(bytes);
    default:
      return {};
  }
}

function gifCanvas(bytes: Buffer): DeclaredCanvas {
  if (bytes.length < 13) return {};
  let width = bytes.readUInt16LE(6);
  let height = bytes.readUInt16LE(8);
  for (const block of gifBlocks(bytes)) {
    if (block.kind === 'limit') return { canvas: { width, height }, unreadable: block.problem };
    if (block.kind !== 'image') continue;
    width = Math.max(width, block.left + block.width);
    height = Math.max(height, block.top + block.height);
  }
  return { canvas: { width, height } };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT (C4), JPG (C8) or DAC (CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegCanvas(bytes: Buffer): DeclaredCanvas {
  for (const segment of jpegSegments(bytes)) {
    if ('stopped' in segment) return { unreadable: segment.stopped };
    const { marker, offset } = segment;
    if (SOF.has(marker)) return { canvas: offset + 9 <= bytes.length ? { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) } : undefined };
  }
  return {};
}
function webpCanvas(bytes: Buffer): Canvas | undefined {
  if (bytes.length < 30) return undefined;
  const fourcc = bytes.subarray(12, 16).toString('latin1');
  if (fourcc === 'VP8X') return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  if (fourcc === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (fourcc === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

const IMAGE_WIDTH = 256;
const IMAGE_LENGTH = 257;
/**
 * IFDs and IFD entries walked at most over a TIFF's chain. A real file has tens of entries per IFD
 * and rarely many IFDs, but IFDs may overlap, so a crafted 866 KB file can chain 10,000 IFDs of
 * 65,535 entries each (seconds of work); past either limit the file is unreadable, not judged on
 * the sizes read so far. Every entry is read, so neither tag order nor a duplicate tag hides a size.
 */
export const MAX_TIFF_IFDS = 65_536;
export const MAX_TIFF_ENTRIES = 1_000_000;

/**
 * The largest ImageWidth × ImageLength over the IFD chain of a classic TIFF (BigTIFF is not read).
 * A chain that comes back to an IFD already read ends there: every IFD after it has been read.
 */
function tiffCanvas(bytes: Buffer): DeclaredCanvas {
  if (bytes.length < 8) return {};
  const little = bytes[0] === 0x49;
  if (bytes.readUInt16LE(2) !== (little ? 42 : 0x2a00)) return {};
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  let best: Canvas | undefined;
  const seen = new Set<number>();
  let budget = MAX_TIFF_ENTRIES;
  for (let ifd = u32(4); ifd !== 0 && !seen.has(ifd) && ifd + 2 <= bytes.length;) {
    if (seen.size === MAX_TIFF_IFDS) return { canvas: best, unreadable: `TIFF header walk stopped: over ${MAX_TIFF_IFDS.toLocaleString('en-GB')} IFDs, so not every image size was read` };
    seen.add(ifd);
    const entries = u16(ifd);
    if (ifd + 2 + entries * 12 + 4 > bytes.length) break;
    // A duplicated size tag counts at its largest: readers differ on which one wins.
    let width = 0;
    let height = 0;
    for (let i = 0; i < entries; i++) {
      if (budget-- === 0) return { canvas: best, unreadable: `TIFF header walk stopped: over ${MAX_TIFF_ENTRIES.toLocaleString('en-GB')} IFD entries, so not every image size was read` };
      const e = ifd + 2 + i * 12;
      const tag = u16(e);
      if (tag !== IMAGE_WIDTH && tag !== IMAGE_LENGTH) continue;
      const value = u16(e + 2) === 3 ? u16(e + 8) : u32(e + 8);
      if (tag === IMAGE_WIDTH) width = Math.max(width, value);
      else height = Math.max(height, value);
    }
    if (!best || width * height > best.width * best.height) best = { width, height };
    ifd = u32(ifd + 2 + entries * 12);
  }
  return { canvas: best };
}
