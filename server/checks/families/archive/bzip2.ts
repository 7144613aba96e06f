/**
 * bzip2 reading with seek-bzip (pure JavaScript, no native code). Like xz, bzip2 declares no
 * size up front, so the content is decoded as a capped stream under the same bomb limits as
 * gzip (single-stream.ts). The decoder writes its output byte by byte to a writer that stops it
 * as soon as the cap is passed, so a bomb is never decoded past the limit, not even to the end
 * of the block it is in. Blocks are decoded one at a time, with a turn of the event loop between
 * them so that the time budget's timer can fire; a block's output is held until it ends (at most
 * the cap, and at most 46 MB: bzip2's run-length step turns each 5 bytes of a 900 kB block into
 * at most 255). Past the end of the input is an error, never made-up bytes, and anything after
 * the last stream but another stream is refused, so a truncated file or appended data is
 * unreadable. A bzip2'd tar is read as a tar directly; anything else becomes one member named
 * after the file without `.bz2`. The same decoder reads zip members compressed with bzip2
 * (zip.ts). seek-bzip is loaded at the first bzip2 file (loadBunzip).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CheckerReason } from '../../shared/error-reason';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { BZIP2_STREAM_MAGIC, looksLikeBzip2 } from '../../formats/bzip2-magic';
import { type ByteStream, CapExceeded, unreadable } from './limits';
import { extractSingleStream, type SingleStream } from './single-stream';

type BunzipClass = typeof import('seek-bzip').default;
let loading: Promise<BunzipClass> | undefined;

/**
 * seek-bzip, imported by a computed name so that the CLI bundle leaves it in node_modules: it
 * calls `new Buffer(n)`, which Node reports as deprecated (DEP0005) on stderr from a bundle but
 * not from inside node_modules.
 */
function loadBunzip(): Promise<BunzipClass> {
  const name: string = 'seek-bzip';
  loading ??= (import(name) as Promise<{ default: BunzipClass }>).then((m) => m.default);
  return loading;
}

/** The member name for a bzip2's content: the file name without `.bz2` (`.tbz2` and `.tbz` become `.tar`). */
function memberName(file: FileInfo): string {
  const base = file.name.split(/[\\/]/).pop() ?? file.name;
  if (/\.tbz2?$/i.test(base)) return base.replace(/\.tbz2?$/i, '.tar');
  return base.replace(/\.bz2?$/i, '') || 'content';
}

/** Compressed input for the decoder: running past the end is an error (a truncated file), never made-up bytes. */
class Input {
  at = 0;
  constructor(private readonly bytes: Buffer) {}
  get left(): number {
    return this.bytes.length - this.at;
  }
  startsStream(): boolean {
    return BZIP2_STREAM_MAGIC.equals(this.bytes.subarray(this.at, this.at + 3));
  }
  readByte(): number {
    if (this.at >= this.bytes.length) throw new CheckerReason('unexpected end of input');
    return this.bytes[this.at++] ?? 0;
  }
  read(buffer: Uint8Array, offset: number, length: number): number {
    for (let i = 0; i < length; i++) buffer[offset + i] = this.readByte();
    return length;
  }
}

/** Decoded output is handed on in pieces of this size. */
const PIECE = 64 * 1024;

/**
 * Collects decoded bytes in pieces and throws CapExceeded, stopping the decoder, once more than
 * `cap` bytes were written (counted a piece at a time: at most one piece is written past it).
 */
class CappedOutput {
  private piece = Buffer.allocUnsafe(PIECE);
  private at = 0;
  private total = 0;
  private full: Buffer[] = [];
  constructor(private readonly cap: number) {}

  writeByte(byte: number): void {
    if (this.at === PIECE) {
      this.count(PIECE);
      this.full.push(this.piece);
      this.piece = Buffer.allocUnsafe(PIECE);
      this.at = 0;
    }
    this.piece[this.at++] = byte;
  }

  /** The bytes written since the last call (the part-filled piece copied, so the next one can reuse it). */
  take(): Buffer[] {
    const out = this.full;
    this.full = [];
    if (this.at > 0) {
      this.count(this.at);
      out.push(Buffer.from(this.piece.subarray(0, this.at)));
      this.at = 0;
    }
    return out;
  }

  private count(bytes: number): void {
    this.total += bytes;
    if (this.total > this.cap) throw new CapExceeded(this.cap);
  }
}

/** Decodes every stream in `bytes` (pbzip2 and `cat` write several in a row), block by block, stopping past `cap`. */
async function* decodeStreams(bytes: Buffer, cap: number): AsyncGenerator<Buffer> {
  const Bunzip = await loadBunzip();
  const input = new Input(bytes);
  const output = new CappedOutput(cap);
  do {
    const bz = new Bunzip(input, output);
    while (bz._init_block()) {
      bz._read_bunzip();
      yield* output.take();
      await nextTurn();
    }
    const expected = bz.reader.read(32) >>> 0;
    if (expected !== bz.streamCRC) throw new CheckerReason('stream CRC does not match its blocks');
    yield* output.take();
  } while (input.left > 0 && input.startsStream());
  if (input.left > 0) throw new CheckerReason(`${input.left} bytes of other data after the end of the bzip2 stream`);
}

/** A fresh decoder over `bytes`, as a stream that can be destroyed (also for zip members compressed with bzip2). */
export function decodeBzip2(bytes: Buffer, cap: number): ByteStream {
  const stream = decodeStreams(bytes, cap);
  return Object.assign(stream, { destroy: () => void stream.return(undefined) });
}

/** Opens a bzip2 stream held in memory; never throws. */
export async function extractBzip2(bytes: Buffer, file: FileInfo, ctx: CheckContext): Promise<Extracted> {
  if (!looksLikeBzip2(bytes)) return unreadable('not a bzip2 stream or truncated header');
  const stream: SingleStream = {
    format: 'bzip2',
    open: (cap) => decodeBzip2(bytes, cap),
    memberName: memberName(file),
    bombMessage: (cap, maxRatio) => `Content expands past ${cap} bytes, over the expansion limit of ${maxRatio}:1 or the total-size limit`,
  };
  return extractSingleStream(stream, bytes.length, ctx);
}
