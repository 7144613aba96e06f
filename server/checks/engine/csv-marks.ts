/**
 * Where the line breaks, delimiters and quotes of a piece of CSV/TSV text are, found by one
 * WebAssembly SIMD pass over its bytes (csv-marks.wat): the line scanner (text-scan.ts) and the
 * row splitter (csv-rows.ts) then cut lines and cells at these offsets instead of searching the
 * text for each line break and each delimiter. Only text of one byte per character
 * (ASCII, or Latin-1 as decoded) is marked, so byte offsets are the text's offsets.
 *
 * One kernel per thread serves every splitter; the marks it returns are overwritten by the next
 * call, so a splitter uses them only while it reads the piece it marked (checked by `text`).
 *
 * Example: `markCells('a,"b",c\n', bytes, 44)` → marks [1<<1, (2<<1)|1, (4<<1)|1, 5<<1]: a
 * delimiter at 1, quotes at 2 and 4, a delimiter at 5; lineEnds [7].
 */
import { csvMarksWasm } from './csv-marks.wasm';

/** The longest text marked in one pass; a longer one is left unmarked (its rows are split by searching). */
export const MAX_MARKED_BYTES = 128 * 1024;
/** The input, then 16 zero bytes that the last block may read, then one i32 per possible mark, then per possible line end. */
const OUT_OFFSET = MAX_MARKED_BYTES + 16;
const LINES_OFFSET = OUT_OFFSET + MAX_MARKED_BYTES * 4;
const MEMORY_BYTES = LINES_OFFSET + MAX_MARKED_BYTES * 4;

interface Exports {
  memory: WebAssembly.Memory;
  marks(start: number, end: number, delimiter: number, out: number, linesOut: number): number;
  lines(): number;
}

/** The offsets of the line breaks of one text: `lineEnds[0, lines)`. */
export interface LineEnds {
  readonly text: string;
  readonly lines: number;
  readonly lineEnds: Int32Array;
}

/** The marks of one text: `marks[0, count)`, each `offset << 1`, plus 1 for a quote; and its line ends. */
export interface CellMarks extends LineEnds {
  readonly count: number;
  readonly marks: Int32Array;
}

class CsvMarksKernel implements CellMarks {
  text = '';
  count = 0;
  lines = 0;
  readonly marks: Int32Array;
  readonly lineEnds: Int32Array;
  private readonly exports: Exports;
  private readonly input: Uint8Array;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(csvMarksWasm, 'base64'));
    this.exports = new WebAssembly.Instance(module).exports as unknown as Exports;
    const memory = this.exports.memory;
    memory.grow(Math.ceil(MEMORY_BYTES / 65536) - memory.buffer.byteLength / 65536);
    this.input = new Uint8Array(memory.buffer, 0, OUT_OFFSET);
    this.marks = new Int32Array(memory.buffer, OUT_OFFSET, MAX_MARKED_BYTES);
    this.lineEnds = new Int32Array(memory.buffer, LINES_OFFSET, MAX_MARKED_BYTES);
  }

  mark(text: string, bytes: Uint8Array, delimiter: number): this {
    this.input.set(bytes);
    this.input.fill(0, bytes.length, bytes.length + 16);
    this.count = this.exports.marks(0, bytes.length, delimiter, OUT_OFFSET, LINES_OFFSET);
    this.lines = this.exports.lines();
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
