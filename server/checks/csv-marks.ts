/**
 * Where the delimiters and quotes of a piece of CSV/TSV text are, found by one WebAssembly SIMD
 * pass over its bytes (csv-marks.wat): the row splitter (csv-rows.ts) then cuts cells at these
 * offsets instead of searching the text for each delimiter. Only text of one byte per character
 * (ASCII, or Latin-1 as decoded) is marked, so byte offsets are the text's offsets.
 *
 * One kernel per thread serves every splitter; the marks it returns are overwritten by the next
 * call, so a splitter uses them only while it reads the piece it marked (checked by `text`).
 *
 * Example: `markCells('a,"b",c', bytes, 44)` → marks [1<<1, (2<<1)|1, (4<<1)|1, 5<<1]: a
 * delimiter at 1, quotes at 2 and 4, a delimiter at 5.
 */
import { csvMarksWasm } from './csv-marks.wasm';

/** The longest text marked in one pass; a longer one is left unmarked (its rows are split by searching). */
export const MAX_MARKED_BYTES = 128 * 1024;
/** The input, then 16 zero bytes that the last block may read, then one i32 per possible mark. */
const OUT_OFFSET = MAX_MARKED_BYTES + 16;
const MEMORY_BYTES = OUT_OFFSET + MAX_MARKED_BYTES * 4;

interface Exports {
  memory: WebAssembly.Memory;
  marks(start: number, end: number, base: number, delimiter: number, out: number): number;
}

/** The marks of one text: `marks[0, count)`, each `offset << 1`, plus 1 for a quote. */
export interface CellMarks {
  readonly text: string;
  readonly count: number;
  readonly marks: Int32Array;
}

class CsvMarksKernel implements CellMarks {
  text = '';
  count = 0;
  readonly marks: Int32Array;
  private readonly exports: Exports;
  private readonly input: Uint8Array;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(csvMarksWasm, 'base64'));
    this.exports = new WebAssembly.Instance(module).exports as unknown as Exports;
    const memory = this.exports.memory;
    memory.grow(Math.ceil(MEMORY_BYTES / 65536) - memory.buffer.byteLength / 65536);
    this.input = new Uint8Array(memory.buffer, 0, OUT_OFFSET);
    this.marks = new Int32Array(memory.buffer, OUT_OFFSET, MAX_MARKED_BYTES);
  }

  mark(text: string, bytes: Uint8Array, delimiter: number): this {
    this.input.set(bytes);
    this.input.fill(0, bytes.length, bytes.length + 16);
    this.count = this.exports.marks(0, bytes.length, 0, delimiter, OUT_OFFSET);
    this.text = text;
    return this;
  }
}

let kernel: CsvMarksKernel | undefined;

/**
 * The marks of `text`, whose bytes are `bytes` (one per character); undefined when the text is
 * not one byte per character or is longer than MAX_MARKED_BYTES. `delimiter` is a character code.
 */
export function markCells(text: string, bytes: Uint8Array, delimiter: number): CellMarks | undefined {
  if (bytes.length !== text.length || bytes.length > MAX_MARKED_BYTES) return undefined;
  kernel ??= new CsvMarksKernel();
  return kernel.mark(text, bytes, delimiter);
}
