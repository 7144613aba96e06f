/**
 * The WebAssembly byte pass of the line prefilter (line-flags.wat, compiled into
 * line-flags.wasm.ts). One instance per thread serves every prefilter: a pass is synchronous, so
 * no two interleave, and a prefilter's pair table is copied in only when another one was loaded.
 *
 * Memory: the pair table, then one segment of input, then the records of that segment's lines
 * (three u32 each: where the `\n` is, the line's pair bits, its digit count). The table is
 * indexed by (byte << 8 | previous byte), as the kernel reads a pair in one 16-bit load.
 */
import { lineFlagsWasm } from './line-flags.wasm';

/** Bytes passed to the kernel at a time; a longer text is passed in segments. */
export const SEGMENT_BYTES = 128 * 1024;
const TABLE_BYTES = 4 << 16;
/** Where a segment is copied (after a scratch byte): a record's `\n` offset minus this is its place in the segment. */
export const INPUT_OFFSET = TABLE_BYTES + 16;
/** After the segment, the 15 bytes its last block may read. */
const RECORDS_OFFSET = INPUT_OFFSET + SEGMENT_BYTES + 16;
/** A segment of nothing but line breaks writes a record per byte. */
const MEMORY_BYTES = RECORDS_OFFSET + SEGMENT_BYTES * 12;

interface Exports {
  memory: WebAssembly.Memory;
  reset(): void;
  scan(start: number, end: number, out: number): number;
}

class LineFlagsKernel {
  /** The records written by the last `scan`. */
  readonly records: Uint32Array;
  private readonly exports: Exports;
  private readonly input: Uint8Array;
  private readonly table: Uint32Array;
  private loaded: Uint32Array | undefined;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(lineFlagsWasm, 'base64'));
    this.exports = new WebAssembly.Instance(module).exports as unknown as Exports;
    const memory = this.exports.memory;
    memory.grow(Math.ceil(MEMORY_BYTES / 65536) - memory.buffer.byteLength / 65536);
    this.table = new Uint32Array(memory.buffer, 0, 1 << 16);
    this.input = new Uint8Array(memory.buffer, INPUT_OFFSET, SEGMENT_BYTES);
    this.records = new Uint32Array(memory.buffer, RECORDS_OFFSET, SEGMENT_BYTES * 3);
  }

  /** Starts a new text read with `table`. */
  start(table: Uint32Array): this {
    if (this.loaded !== table) {
      this.table.set(table);
      this.loaded = table;
    }
    this.exports.reset();
    return this;
  }

  /** Reads the next segment (at most SEGMENT_BYTES) of the text; returns how many line records it wrote. */
  scan(segment: Uint8Array): number {
    this.input.set(segment);
    return this.exports.scan(INPUT_OFFSET, INPUT_OFFSET + segment.length, RECORDS_OFFSET);
  }
}

let kernel: LineFlagsKernel | undefined;

/** The thread's kernel, ready to read a new text with `table`. */
export function lineFlagsKernel(table: Uint32Array): LineFlagsKernel {
  kernel ??= new LineFlagsKernel();
  return kernel.start(table);
}
