/**
 * Is this image file intact enough to trust "no metadata found"? A metadata parser reads only the
 * segments it wants, so a mangled file can look clean; this checks the container itself (magic
 * number, first chunk, GIF block structure) without decoding pixels. Declared sizes are judged
 * separately (image-bomb.ts).
 *
 * Example: a PNG whose signature lost its `\r` to a text-mode copy gives
 * `'corrupt PNG: bad signature (damaged by a text-mode copy?)'`.
 */
import { gifBlocks } from './gif-blocks';

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

/** Walks GIF blocks: no block cut off by the end of the file, at least one block before the end. */
function gifDefect(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 6).toString('latin1');
  if (head !== 'GIF87a' && head !== 'GIF89a') return 'corrupt GIF: bad signature';
  if (bytes.length < 13) return 'corrupt GIF: truncated header';
  let blocks = 0;
  for (const block of gifBlocks(bytes)) {
    if (block.kind === 'broken') return `corrupt GIF: ${block.problem}`;
    if (block.kind === 'limit') return block.problem;
    if (block.kind === 'trailer') return undefined;
    blocks++;
  }
  return blocks > 0 ? undefined : 'corrupt GIF: truncated before the first image';
}
