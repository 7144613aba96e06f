/**
 * The pixel canvas an image declares in its headers, read without decoding: what a viewer or
 * image library must allocate to open it. PNG IHDR; JPEG start-of-frame; WebP VP8X, VP8 and VP8L
 * headers; every TIFF IFD's ImageWidth × ImageLength (the largest); GIF the logical screen grown
 * to cover every frame (a frame placed past the screen enlarges the canvas, as decoders do).
 * HEIF/AVIF sizes are not read. Truncated or absurd headers give what could be read, never a throw.
 *
 * Example: a GIF with a 32×32 screen and one 65535×1321 frame at top 65280 declares a
 * 65535×66601 canvas (4.4 billion pixels).
 */

export interface Canvas {
  width: number;
  height: number;
}

/** Frames, IFDs and segments walked at most, so a hostile header chain stays cheap. */
const MAX_STEPS = 10_000;

/** The largest canvas the image declares, or undefined when its headers do not say. */
export function declaredCanvas(bytes: Buffer, mediaType: string): Canvas | undefined {
  switch (mediaType) {
    case 'image/png':
      return bytes.length >= 24 && bytes.subarray(12, 16).toString('latin1') === 'IHDR' ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : undefined;
    case 'image/gif':
      return gifCanvas(bytes);
    case 'image/jpeg':
      return jpegCanvas(bytes);
    case 'image/webp':
      return webpCanvas(bytes);
    case 'image/tiff':
      return tiffCanvas(bytes);
    default:
      return undefined;
  }
}

function gifCanvas(bytes: Buffer): Canvas | undefined {
  if (bytes.length < 13) return undefined;
  let width = bytes.readUInt16LE(6);
  let height = bytes.readUInt16LE(8);
  const flags = bytes[10] ?? 0;
  let at = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  for (let step = 0; step < MAX_STEPS && at < bytes.length; step++) {
    const introducer = bytes[at];
    if (introducer === 0x21) at = afterSubBlocks(bytes, at + 2);
    else if (introducer === 0x2c) {
      if (at + 10 > bytes.length) break;
      width = Math.max(width, bytes.readUInt16LE(at + 1) + bytes.readUInt16LE(at + 5));
      height = Math.max(height, bytes.readUInt16LE(at + 3) + bytes.readUInt16LE(at + 7));
      const local = bytes[at + 9] ?? 0;
      at = afterSubBlocks(bytes, at + 10 + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0) + 1);
    } else break;
  }
  return { width, height };
}

function afterSubBlocks(bytes: Buffer, from: number): number {
  let at = from;
  while (at < bytes.length && bytes[at] !== 0) at += 1 + (bytes[at] ?? 0);
  return at + 1;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT (C4), JPG (C8) or DAC (CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegCanvas(bytes: Buffer): Canvas | undefined {
  let at = 2;
  for (let step = 0; step < MAX_STEPS && at + 4 <= bytes.length; step++) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    if (SOF.has(marker)) return at + 9 <= bytes.length ? { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) } : undefined;
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return undefined;
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

/** The largest ImageWidth × ImageLength over the IFD chain of a classic TIFF (BigTIFF is not read). */
function tiffCanvas(bytes: Buffer): Canvas | undefined {
  if (bytes.length < 8) return undefined;
  const little = bytes[0] === 0x49;
  if (bytes.readUInt16LE(2) !== (little ? 42 : 0x2a00)) return undefined;
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  let best: Canvas | undefined;
  const seen = new Set<number>();
  for (let ifd = u32(4), step = 0; ifd !== 0 && step < MAX_STEPS && !seen.has(ifd) && ifd + 2 <= bytes.length; step++) {
    seen.add(ifd);
    const entries = u16(ifd);
    if (ifd + 2 + entries * 12 + 4 > bytes.length) break;
    let width = 0;
    let height = 0;
    for (let i = 0; i < entries; i++) {
      const e = ifd + 2 + i * 12;
      const tag = u16(e);
      if (tag !== IMAGE_WIDTH && tag !== IMAGE_LENGTH) continue;
      const value = u16(e + 2) === 3 ? u16(e + 8) : u32(e + 8);
      if (tag === IMAGE_WIDTH) width = value;
      else height = value;
    }
    if (!best || width * height > best.width * best.height) best = { width, height };
    ifd = u32(ifd + 2 + entries * 12);
  }
  return best;
}
