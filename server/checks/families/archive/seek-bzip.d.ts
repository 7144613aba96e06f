/**
 * Types for seek-bzip 2.0.0 (pinned exactly in package.json), which ships none: only the parts
 * bzip2.ts uses. Besides the constructor these are the block-level methods its own
 * `Bunzip.decode` loop calls; bzip2.ts runs that loop itself so that it can hand over each
 * block's output and let timers run between blocks.
 */
declare module 'seek-bzip' {
  /** Where the decoder reads compressed bytes: `readByte` for the bits, `read` for the 4-byte stream header. */
  interface BunzipInput {
    readByte(): number;
    read(buffer: Uint8Array, offset: number, length: number): number;
  }

  /** Where the decoder writes decoded bytes, one at a time. */
  interface BunzipOutput {
    writeByte(byte: number): void;
  }

  class Bunzip {
    /** Reads and checks the stream header (`BZh1`..`BZh9`) from `input`; throws when it is wrong. */
    constructor(input: BunzipInput, output: BunzipOutput);
    /** Reads and checks the next block's header and symbols; false at the end-of-stream marker. */
    _init_block(): boolean;
    /** Writes the block read by `_init_block` to the output; throws when its CRC is wrong. */
    _read_bunzip(): number;
    /** The bit reader positioned after the last block (the stream CRC follows the end-of-stream marker). */
    readonly reader: { read(bits: number): number };
    /** The combined CRC of the blocks read so far. */
    readonly streamCRC: number;
  }

  export default Bunzip;
}
