/**
 * What the raw bytes of a PDF say before any parser interprets them: how many times it was saved
 * incrementally (each save appends a body, an xref and a `%%EOF`, and earlier versions stay
 * recoverable), whether the last cross-reference offset is damaged, and whether a JavaScript
 * action appears anywhere, including inside compressed object streams (a fallback for scripts
 * attached where the parser does not report them, such as a link's action).
 *
 * Example: a PDF with two `%%EOF` markers that is not linearized has `saves: 2`.
 */
import { inflateSync } from 'node:zlib';

export interface RawPdfFacts {
  /** Number of saves (1 for a PDF written once); a linearized file's first-page xref is not a save. */
  saves: number;
  linearized: boolean;
  /** Why the cross-reference data look damaged, when they do. */
  damage: string | undefined;
  /** True when `/JavaScript` or `/JS` appears as a name (raw or in an object stream). */
  javascript: boolean;
}

const JS_NAME = /\/(?:JavaScript|JS)(?![A-Za-z0-9#_.-])/;
const MAX_OBJECT_STREAMS = 5_000;
const MAX_INFLATED_TOTAL = 64 * 1024 * 1024;

/** Reads the facts above from the whole file (latin1, so offsets are byte offsets). */
export function readRawPdf(bytes: Buffer): RawPdfFacts {
  const s = bytes.toString('latin1');
  const eofs = countOccurrences(s, '%%EOF');
  const linearized = /\/Linearized\s/.test(s.slice(0, 2048));
  const saves = Math.max(1, eofs - (linearized && eofs > 1 ? 1 : 0));
  return { saves, linearized, damage: xrefDamage(s), javascript: JS_NAME.test(s) || javascriptInObjectStreams(bytes, s) };
}

function countOccurrences(s: string, needle: string): number {
  let n = 0;
  for (let at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The last `startxref` must point at an `xref` table or an xref-stream object. */
function xrefDamage(s: string): string | undefined {
  const tail = s.slice(-4096);
  const m = /startxref\s+(\d+)(?![\s\S]*startxref)/.exec(tail);
  if (!m) return 'no startxref at the end of the file (truncated?)';
  const offset = Number(m[1]);
  if (!Number.isSafeInteger(offset) || offset >= s.length) return 'the cross-reference offset points past the end of the file';
  const at = s.slice(offset, offset + 64).replace(/^\s+/, '');
  if (at.startsWith('xref') || /^\d+\s+\d+\s+obj\b/.test(at)) return undefined;
  return 'the cross-reference offset does not point at a cross-reference section';
}

/** Inflates FlateDecode object streams (where modern PDFs keep their dictionaries) and looks for JS names. */
function javascriptInObjectStreams(bytes: Buffer, s: string): boolean {
  const marker = /\/Type\s*\/ObjStm\b/g;
  let budget = MAX_INFLATED_TOTAL;
  let seen = 0;
  for (let m = marker.exec(s); m && seen < MAX_OBJECT_STREAMS && budget > 0; m = marker.exec(s)) {
    seen++;
    const dictEnd = s.indexOf('stream', m.index);
    if (dictEnd < 0) break;
    const dict = s.slice(Math.max(0, s.lastIndexOf('obj', m.index)), dictEnd);
    if (!/\/FlateDecode\b/.test(dict) || /\/DecodeParms/.test(dict)) continue;
    let start = dictEnd + 'stream'.length;
    if (s[start] === '\r') start++;
    if (s[start] === '\n') start++;
    const end = s.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      const inflated = inflateSync(bytes.subarray(start, end), { maxOutputLength: Math.min(budget, 16 * 1024 * 1024), finishFlush: 2 });
      budget -= inflated.length;
      if (JS_NAME.test(inflated.toString('latin1'))) return true;
    } catch {
      // A stream that does not inflate (or inflates past the cap) is skipped, not fatal.
    }
  }
  return false;
}
