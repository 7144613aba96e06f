/**
 * The blocks of a GIF, walked once for every reader (declared size, container soundness, comment
 * text): after the header and global colour table come extensions (0x21, label, data sub-blocks),
 * images (0x2C, descriptor, optional local colour table, LZW size, data sub-blocks) and the
 * trailer (0x3B). A block whose sub-blocks run past the end of the file is still given (its
 * descriptor was read), followed by the `broken` entry that ends the walk; the signature is not
 * checked here. Every block advances at least two bytes, but 64 MiB of 3-byte comments is 22
 * million blocks (seconds per walk), so past MAX_GIF_BLOCKS the walk ends with a `limit` entry:
 * what lies beyond (a huge frame?) is unknown, and the file cannot be vouched for.
 *
 * Example: `GIF89a`, a 2×2 screen, a comment `21 FE 02 'hi' 00`, one 2×2 image, `3B` gives an
 * extension (label 0xFE), an image {left 0, top 0, width 2, height 2} and the trailer.
 */

/** Blocks walked at most; an animated GIF has two per frame (control extension, image). */
export const MAX_GIF_BLOCKS = 100_000;

/**
 * One block at `offset`. An extension's data sub-blocks start at `dataAt` (read them with
 * `subBlockData`); an image gives its descriptor's frame; `broken` says why the walk cannot go on
 * (a truncation or an unknown introducer), `limit` that it stopped at MAX_GIF_BLOCKS.
 */
export type GifBlock =
  | { kind: 'extension'; offset: number; label: number; dataAt: number }
  | { kind: 'image'; offset: number; left: number; top: number; width: number; height: number }
  | { kind: 'trailer'; offset: number }
  | { kind: 'broken'; offset: number; problem: string }
  | { kind: 'limit'; offset: number; problem: string };

const CUT_OFF = 'image data cut off (truncated file)';

/** Bytes of a colour table whose packed flags byte is `flags` (0 when it has none). */
const colourTable = (flags: number) => (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);

/** The GIF's blocks in file order; ends after the trailer, a `broken` or `limit` entry, or exactly at the end of the file. */
export function* gifBlocks(bytes: Buffer): Generator<GifBlock, void, undefined> {
  let at = 13 + colourTable(bytes[10] ?? 0);
  for (let blocks = 0; at < bytes.length; blocks++) {
    const introducer = bytes[at] ?? 0;
    if (blocks === MAX_GIF_BLOCKS && introducer !== 0x3b) {
      yield { kind: 'limit', offset: at, problem: `GIF header walk stopped: over ${MAX_GIF_BLOCKS.toLocaleString('en-GB')} blocks, so not every frame size was read` };
      return;
    }
    let end: number;
    if (introducer === 0x21) {
      yield { kind: 'extension', offset: at, label: bytes[at + 1] ?? 0, dataAt: at + 2 };
      end = subBlocksEnd(bytes, at + 2);
    } else if (introducer === 0x2c) {
      if (at + 10 > bytes.length) {
        yield { kind: 'broken', offset: at, problem: 'truncated image descriptor' };
        return;
      }
      yield { kind: 'image', offset: at, left: bytes.readUInt16LE(at + 1), top: bytes.readUInt16LE(at + 3), width: bytes.readUInt16LE(at + 5), height: bytes.readUInt16LE(at + 7) };
      // After the descriptor: the local colour table, then the LZW minimum code size byte.
      end = subBlocksEnd(bytes, at + 10 + colourTable(bytes[at + 9] ?? 0) + 1);
    } else if (introducer === 0x3b) {
      yield { kind: 'trailer', offset: at };
      return;
    } else {
      yield { kind: 'broken', offset: at, problem: `unknown block 0x${introducer.toString(16)}` };
      return;
    }
    if (end < 0) {
      yield { kind: 'broken', offset: at, problem: CUT_OFF };
      return;
    }
    at = end;
  }
}

/** The data of a chain of sub-blocks starting at `from`, joined (up to the end of the file when cut off). */
export function subBlockData(bytes: Buffer, from: number): Buffer {
  const parts: Buffer[] = [];
  subBlocksEnd(bytes, from, parts);
  return Buffer.concat(parts);
}

/** Offset after a chain of sub-blocks ending in a zero-length one, or -1 when the file ends first. */
function subBlocksEnd(bytes: Buffer, from: number, collect?: Buffer[]): number {
  let at = from;
  while (at < bytes.length) {
    const size = bytes[at] ?? 0;
    if (size === 0) return at + 1;
    collect?.push(bytes.subarray(at + 1, at + 1 + size));
    at += 1 + size;
  }
  return -1;
}
