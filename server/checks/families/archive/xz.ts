/**
 * xz reading with xz-decompress (xz-embedded compiled to WebAssembly: no native code). xz
 * declares no size up front that is worth trusting, so the content is decoded as a capped
 * stream under the same bomb limits as gzip (single-stream.ts). An xz'd tar is read as a tar
 * directly; anything else becomes one member named after the file without `.xz`.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import xzDecompress from 'xz-decompress';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { unreadable } from './limits';
import { extractSingleStream, type SingleStream } from './single-stream';

const MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/** The member name for an xz's content: the file name without `.xz` (`.txz` becomes `.tar`). */
function memberName(file: FileInfo): string {
  const base = file.name.split(/[\\/]/).pop() ?? file.name;
  if (/\.txz$/i.test(base)) return base.replace(/\.txz$/i, '.tar');
  return base.replace(/\.xz$/i, '') || 'content';
}

/** Compressed input is handed to the decoder in pieces of this size. */
const PIECE = 64 * 1024;

/** A fresh decoder over `bytes`, as a node stream (so that it can be destroyed). */
function decode(bytes: Buffer): Readable {
  // Pulled piece by piece, so a decoder cancelled at the byte cap stops asking for more.
  let at = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + PIECE));
      at += PIECE;
    },
  });
  const decoded = new xzDecompress.XzReadableStream(source) as unknown as WebReadableStream<Uint8Array>;
  return Readable.fromWeb(decoded);
}

/** Opens an xz stream held in memory; never throws. */
export async function extractXz(bytes: Buffer, file: FileInfo, ctx: CheckContext): Promise<Extracted> {
  if (bytes.length < 32 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return unreadable('not an xz stream or truncated header');
  const stream: SingleStream = {
    format: 'xz',
    open: () => decode(bytes),
    memberName: memberName(file),
    bombMessage: (cap, maxRatio) => `Content expands past ${cap} bytes, over the expansion limit of ${maxRatio}:1 or the total-size limit`,
  };
  return extractSingleStream(stream, bytes.length, ctx);
}
