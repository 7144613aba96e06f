/**
 * Is this image file intact enough to trust "no metadata found"? A metadata parser reads only the
 * segments it wants, so a mangled file can look clean; this checks the container itself (magic
 * number, first chunk, GIF block structure) without decoding pixels. Declared sizes are judged
 * separately (image-bomb.ts).
 *
 * Example: a PNG whose signature lost its `\r` to a text-mode copy gives
 * `'corrupt PNG: bad signature (damaged by a text-mode copy?)'`.
 */

/** Why the image is corrupt, or undefined when its container looks intact. */
export function imageDefect(bytes: Buffer, mediaType: string): string | undefined {
  if (bytes.length === 0) return 'empty file (0 bytes)';
  switch (mediaType) {
    case 'image/jpeg':
      return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? undefined : 'corrupt JPEG: bad start-of-image marker';
    case 'image/png':
      return pngDefect(bytes);
    case 'image/tiff': {
      const head = bytes.subarray(0, 4).toString('latin1');
      return head === 'II*\0' || head === 'MM\0*' || head === 'II+\0' || head === 'MM\0+' ? undefined : 'corrupt TIFF: bad byte-order header';
    }
    case 'image/webp':
      return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP' ? undefined : 'corrupt WebP: bad RIFF header';
    case 'image/heic':
    case 'image/heif':
    case 'image/avif':
      return bytes.subarray(4, 8).toString('latin1') === 'ftyp' ? undefined : 'corrupt HEIF image: no ftyp box';
    case 'image/gif':
      return gifDefect(bytes);
    default:
      return undefined;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngDefect(bytes: Buffer): string | undefined {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    const mangled = bytes.subarray(1, 4).toString('latin1') === 'PNG';
    return `corrupt PNG: bad signature${mangled ? ' (damaged by a text-mode copy?)' : ''}`;
  }
  if (bytes.readUInt32BE(8) !== 13 || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return 'corrupt PNG: the first chunk is not IHDR';
  if (bytes.readUInt32BE(16) * bytes.readUInt32BE(20) === 0) return 'corrupt PNG: zero width or height';
  return undefined;
}

/** Walks GIF blocks: no block cut off by the end of the file. */
function gifDefect(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 6).toString('latin1');
  if (head !== 'GIF87a' && head !== 'GIF89a') return 'corrupt GIF: bad signature';
  if (bytes.length < 13) return 'corrupt GIF: truncated header';
  const flags = bytes[10] ?? 0;
  let at = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  for (let blocks = 0; blocks < 100_000; blocks++) {
    if (at >= bytes.length) return at === bytes.length && blocks > 0 ? undefined : 'corrupt GIF: truncated before the first image';
    const introducer = bytes[at];
    if (introducer === 0x3b) return undefined;
    if (introducer === 0x21) {
      at = skipSubBlocks(bytes, at + 2);
    } else if (introducer === 0x2c) {
      if (at + 10 > bytes.length) return 'corrupt GIF: truncated image descriptor';
      const local = bytes[at + 9] ?? 0;
      at += 10 + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0) + 1;
      at = skipSubBlocks(bytes, at);
    } else {
      return `corrupt GIF: unknown block 0x${(introducer ?? 0).toString(16)}`;
    }
    if (at < 0) return 'corrupt GIF: image data cut off (truncated file)';
  }
  return 'corrupt GIF: too many blocks';
}

/** Offset after a chain of data sub-blocks ending in a zero-length block, or -1 when cut off. */
function skipSubBlocks(bytes: Buffer, from: number): number {
  let at = from;
  while (at < bytes.length) {
    const size = bytes[at] ?? 0;
    if (size === 0) return at + 1;
    at += 1 + size;
  }
  return -1;
}
