/**
 * Masks the chosen values in text, one line at a time, with the checks' own line detectors: the
 * detectors say where each value is (finding-spans.ts), and each value is replaced whole by its
 * marker. Lines must arrive in order, every one of them, so the detectors keep the state they
 * keep when the checks read the file (a CSV's header, a key block, the line before).
 *
 * After a line is masked it is read again by fresh detectors until no chosen value is left on
 * it (the checks list one value per rule per line, so the second email of a line only shows once
 * the first is gone). A private key block is masked from its BEGIN to its END marker; its body
 * lines stay as empty lines, so every line keeps its number.
 *
 * Example: with `pii.email` chosen on line 2, `line('mail ada@example.org or bob@example.net', 2)`
 * returns `mail [EMAIL REMOVED] or [EMAIL REMOVED]` and two masked values.
 */
import { MAX_LINE } from '../../checks/engine/text-scan';
import type { CheckContext, FileInfo, Finding, LineDetector, LineDetectorFactory } from '../../checks/engine/types';
import { type ClosingMarker, type ValueSpan, closingMarkerEnd, spanOf } from '../../checks/shared/finding-spans';
import { LINE_DETECTORS } from '../../checks/registry';
import { markerFor } from './markers';
import { type MaskSelection, isSelected } from './mask-selection';

/** One value masked: where it began (1-based line and column of the line as it was read) and by which rule. */
export interface MaskedValue {
  line: number;
  column: number;
  rule: string;
  marker: string;
}

interface Range {
  start: number;
  end: number;
  rule: string;
  /** What replaces the range (a key block's body lines are emptied, not marked again). */
  replacement: string;
}

/** Rounds of re-reading one line before giving up: a line with more values than this is not text anyone wrote. */
const MAX_ROUNDS = 256;

export interface LineMaskerOptions {
  /** JSON: a marker that replaces a bare value (a number) is quoted, so the file stays valid JSON. */
  quoteOutsideStrings?: boolean;
  factories?: readonly LineDetectorFactory[];
}

/** Masks one text (a file, or a notebook cell's source) line by line. */
export class LineMasker {
  private readonly detectors: LineDetector[];
  private readonly factories: readonly LineDetectorFactory[];
  /** A key block whose body is being masked, until its closing marker. */
  private block: { marker: ClosingMarker; left: number; rule: string } | undefined;

  constructor(
    private readonly file: FileInfo,
    private readonly ctx: CheckContext,
    private readonly selection: MaskSelection,
    private readonly options: LineMaskerOptions = {},
  ) {
    this.factories = options.factories ?? LINE_DETECTORS;
    this.detectors = this.factories.map((make) => make(file, ctx));
  }

  /** The line with its chosen values masked, or undefined when nothing on it is chosen. */
  line(text: string, lineNo: number): { text: string; masked: MaskedValue[] } | undefined {
    const inBlock = this.block !== undefined;
    const ranges = inBlock ? [this.blockRange(text)] : [];
    // The detectors read every line, masked or not, as they do in a scan.
    const found = this.detect(this.detectors, text, lineNo, !inBlock);
    if (!inBlock) ranges.push(...found);
    if (ranges.length === 0) return undefined;

    const masked: MaskedValue[] = [];
    let current = this.apply(text, ranges, lineNo, masked);
    // Fresh detectors, so that values listed after the first (one per rule per line) show up.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const fresh = this.factories.map((make) => make(this.file, this.ctx));
      const more = this.detect(fresh, current, lineNo, false);
      if (more.length === 0) break;
      current = this.apply(current, more, lineNo, masked);
    }
    return { text: current, masked };
  }

  /** The chosen values a set of detectors finds on the line, whole; `track` follows a key block onto the next lines. */
  private detect(detectors: LineDetector[], text: string, lineNo: number, track: boolean): Range[] {
    const ranges: Range[] = [];
    // As the engine does (text-scan.ts): a very long line reaches the detectors in pieces.
    for (let base = 0; base === 0 || base < text.length; base += MAX_LINE) {
      const piece = text.length > MAX_LINE ? text.slice(base, base + MAX_LINE) : text;
      for (const detector of detectors) {
        for (const finding of detector.line(piece, lineNo)) {
          if (!isSelected(this.selection, finding.rule, lineNo)) continue;
          const span: ValueSpan | undefined = spanOf(finding) ?? tokenAt(piece, finding);
          if (!span) continue;
          ranges.push({ start: base + span.start, end: base + span.end, rule: finding.rule, replacement: markerFor(finding.rule) });
          if (track && span.continuesUntil && base + span.end >= text.length) this.block = { marker: span.continuesUntil, left: span.continuesUntil.maxLines, rule: finding.rule };
        }
      }
    }
    return ranges;
  }

  /** The part of a line inside a key block: all of it, or up to the block's closing marker. */
  private blockRange(text: string): Range {
    const block = this.block!;
    const closes = text.includes(block.marker.text);
    block.left -= 1;
    if (closes || block.left <= 0) this.block = undefined;
    return { start: 0, end: closes ? closingMarkerEnd(text, block.marker) : text.length, rule: block.rule, replacement: '' };
  }

  /** Replaces the ranges (overlapping ones merged) from the right, recording each masked value. */
  private apply(text: string, ranges: Range[], lineNo: number, masked: MaskedValue[]): string {
    const merged = mergeRanges(ranges);
    let out = text;
    for (let k = merged.length - 1; k >= 0; k--) {
      const r = merged[k]!;
      let replacement = r.replacement;
      if (replacement && this.options.quoteOutsideStrings && !insideJsonString(out, r.start)) replacement = `"${replacement}"`;
      out = out.slice(0, r.start) + replacement + out.slice(r.end);
      if (r.replacement) masked.push({ line: lineNo, column: r.start + 1, rule: r.rule, marker: r.replacement });
    }
    return out;
  }
}

/** Sorted, with overlapping or touching ranges merged (the first one's rule and marker kept). */
function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/**
 * For a detector that records no span: the run of non-blank characters from the finding's
 * column (every detector of the checks records one; this keeps a new one from leaving a value).
 */
function tokenAt(text: string, finding: Finding): { start: number; end: number } | undefined {
  const column = finding.location?.column;
  if (column === undefined) return undefined;
  const start = column - 1;
  let end = start;
  while (end < text.length && !/[\s"',;]/.test(text[end]!)) end++;
  return end > start ? { start, end } : undefined;
}

/** Whether offset `at` of a JSON line lies inside a string (JSON strings never span lines). */
function insideJsonString(line: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    const c = line.charCodeAt(i);
    if (c === 92 /* \ */ && inside) i++;
    else if (c === 34 /* " */) inside = !inside;
  }
  return inside;
}
