/**
 * A one-pass prefilter for line detectors. Each detector may say what a line must contain
 * before it is worth looking at (`hints`): pairs of adjacent characters (`@` after anything,
 * a digit then a letter, `Mr`…) and a minimum number of digits. The scanner walks each chunk
 * of text once, looks every adjacent pair up in one table, and calls a detector only on the
 * lines that have one of its pairs, so a data row costs a table look-up per character instead
 * of a dozen regular expressions.
 *
 * The hints must be a superset of the detector's own first test: a line without any of them
 * must be one on which `line()` returns no finding and changes no state. A detector whose
 * state makes it read every line (the row after a `Date of birth:` label, the lines inside a
 * key block, the rows under a name column) says so with `everyLine()`.
 *
 * Example: the email detector's hints are `{ pairs: [[ANY, '@']] }`: a line without `@` never
 * reaches it. Keep hints in module constants: compiled tables are cached by the hints objects.
 */
import { INPUT_OFFSET, SEGMENT_BYTES, lineFlagsKernel } from './line-flags-kernel';
import type { LineDetector } from './types';

/** Characters, as a string listing each one; a pair matches when both positions match. */
export type CharSet = string;

/** What a line must contain (any one of) for a detector to look at it. */
export interface LineHints {
  /** Adjacent characters: the first from `[0]`, the next from `[1]`. */
  pairs?: readonly (readonly [CharSet, CharSet])[];
  /** At least this many ASCII digits anywhere on the line. */
  minDigits?: number;
}

/** A line detector that declares its prefilter. */
export interface HintedLineDetector extends LineDetector {
  hints: LineHints;
  /** True while the detector must see every line, whatever its hints (context carried over lines). */
  everyLine?(): boolean;
}

function range(from: number, to: number): string {
  let out = '';
  for (let c = from; c <= to; c++) out += String.fromCharCode(c);
  return out;
}

export const DIGITS: CharSet = '0123456789';
export const UPPER: CharSet = range(65, 90);
export const LOWER: CharSet = range(97, 122);
export const LETTERS: CharSet = UPPER + LOWER;
/** Any byte, and the start of the line. */
export const ANY: CharSet = range(0, 255);

/** Whether the detector declares hints. */
export function hintsOf(detector: LineDetector): HintedLineDetector | undefined {
  return 'hints' in detector ? (detector as HintedLineDetector) : undefined;
}

interface Compiled {
  /** (byte << 8 | previous byte) → the bits of the detectors whose hints hold that pair (the kernel's order). */
  table: Uint32Array;
  /** Digit count → the bits of the detectors whose minDigits it reaches; the last entry serves every larger count. */
  byDigits: Int32Array;
  always: number;
}

/**
 * Compiled tables by the hints they were built from: a scanner is made per file and per text of
 * a document, and a table takes far longer to build than a small text takes to scan.
 */
const compiledByHints = new Map<string, Compiled>();
const hintIds = new WeakMap<LineHints, number>();
let nextHintId = 1;
const MAX_COMPILED = 64;

function compile(hints: readonly (LineHints | undefined)[]): Compiled {
  if (hints.length > 32) throw new Error('at most 32 line detectors');
  const key = hints
    .map((h) => {
      if (!h) return '-';
      let id = hintIds.get(h);
      if (id === undefined) hintIds.set(h, (id = nextHintId++));
      return id;
    })
    .join(',');
  const known = compiledByHints.get(key);
  if (known) return known;
  const table = new Uint32Array(1 << 16);
  const digitRules: { bit: number; min: number }[] = [];
  let always = 0;
  hints.forEach((h, index) => {
    const bit = 1 << index;
    if (!h) {
      always |= bit;
      return;
    }
    for (const [first, second] of h.pairs ?? []) {
      for (let a = 0; a < first.length; a++) {
        for (let b = 0; b < second.length; b++) table[(second.charCodeAt(b) << 8) | first.charCodeAt(a)]! |= bit;
      }
    }
    if (h.minDigits !== undefined) digitRules.push({ bit, min: h.minDigits });
  });
  const byDigits = new Int32Array(Math.max(0, ...digitRules.map((rule) => rule.min)) + 1);
  for (let digits = 0; digits < byDigits.length; digits++) for (const rule of digitRules) if (digits >= rule.min) byDigits[digits]! |= rule.bit;
  const compiled = { table, byDigits, always };
  // Detectors keep their hints in constants, so this stays small; the bound is for any that do not.
  if (compiledByHints.size >= MAX_COMPILED) compiledByHints.clear();
  compiledByHints.set(key, compiled);
  return compiled;
}

const SCRATCH = Buffer.alloc(4096);
const ONE_LINE: number[] = [0];
/** Where the line ends go when the caller does not want them. */
const NO_ENDS: number[] = [];

/**
 * The compiled prefilter of a set of detectors. It reads the text's bytes (UTF-8 or Latin-1):
 * hints are ASCII, and an ASCII pair is the same two bytes in either encoding. Bit `i` of a
 * line's flags says detector `i` may find something on it. The byte pass itself runs in
 * WebAssembly (line-flags-kernel.ts).
 */
export class LinePrefilter {
  private readonly table: Uint32Array;
  private readonly byDigits: Int32Array;
  /** Bits of the detectors that look at every line anyway (no hints). */
  private readonly always: number;

  constructor(detectors: readonly LineDetector[]) {
    const compiled = compile(detectors.map((d) => hintsOf(d)?.hints));
    this.table = compiled.table;
    this.byDigits = compiled.byDigits;
    this.always = compiled.always;
  }

  /**
   * The flags of each complete line (ended by `\n`) of `bytes`, in order, into `out`, and the
   * offset of each line's `\n` into `ends`; returns how many lines there were. The bytes after
   * the last `\n` belong to no complete line.
   */
  lineFlags(bytes: Uint8Array, out: number[], length = bytes.length, ends: number[] = NO_ENDS): number {
    const kernel = lineFlagsKernel(this.table);
    const records = kernel.records;
    const keepEnds = ends !== NO_ENDS;
    let lines = 0;
    for (let base = 0; base < length; base += SEGMENT_BYTES) {
      const count = kernel.scan(bytes.subarray(base, Math.min(length, base + SEGMENT_BYTES)));
      for (let r = 0; r < count * 3; r += 3) {
        if (keepEnds) ends[lines] = base + records[r]! - INPUT_OFFSET;
        out[lines++] = this.finishLine(records[r + 1]!, records[r + 2]!);
      }
    }
    return lines;
  }

  /** The flags of one line on its own (no `\n` inside). */
  flagsOf(line: string): number {
    // Short lines (most) are encoded into a scratch buffer rather than a new one each time.
    const bytes = line.length * 3 < SCRATCH.length ? SCRATCH : Buffer.alloc(line.length * 3 + 1);
    const length = bytes.write(line, 'utf8');
    bytes[length] = 10;
    this.lineFlags(bytes, ONE_LINE, length + 1);
    return ONE_LINE[0]!;
  }

  private finishLine(flags: number, digits: number): number {
    const byDigits = this.byDigits;
    return flags | this.always | byDigits[Math.min(digits, byDigits.length - 1)]!;
  }
}
