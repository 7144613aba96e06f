import { describe, expect, it } from 'vitest';
import { MAX_MARKED_BYTES, markCells } from './csv-marks';

/** The marks as written out by hand: a plain loop over the bytes. */
function expected(bytes: Uint8Array, delimiter: number): number[] {
  const out: number[] = [];
  bytes.forEach((byte, at) => {
    if (byte === delimiter || byte === 34) out.push((at << 1) | (byte === 34 ? 1 : 0));
  });
  return out;
}

function marksOf(text: string, delimiter: string): number[] | undefined {
  const marked = markCells(text, Buffer.from(text, 'latin1'), delimiter.charCodeAt(0));
  return marked && Array.from(marked.marks.subarray(0, marked.count));
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the cell marks of a piece of CSV/TSV', () => {
  it('marks every delimiter and quote in order, at any length and alignment', () => {
    const next = random(7);
    const alphabet = ',;\t|"\n\r a1é\u00ff\u0000';
    for (const delimiter of [',', ';', '\t', '|']) {
      for (const length of [0, 1, 15, 16, 17, 31, 33, 1000, MAX_MARKED_BYTES - 1, MAX_MARKED_BYTES]) {
        let text = '';
        for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
        expect(marksOf(text, delimiter)).toEqual(expected(Buffer.from(text, 'latin1'), delimiter.charCodeAt(0)));
      }
    }
  });

  it('gives the example of its documentation', () => {
    expect(marksOf('a,"b",c', ',')).toEqual([1 << 1, (2 << 1) | 1, (4 << 1) | 1, 5 << 1]);
  });

  it('reads no stale bytes past the end of a shorter piece after a longer one', () => {
    expect(marksOf(',,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,', ',')).toHaveLength(32);
    expect(marksOf('ab', ',')).toEqual([]);
  });

  it('leaves unmarked a text that is not one byte per character or is too long', () => {
    const utf8 = 'Région,1';
    expect(markCells(utf8, Buffer.from(utf8, 'utf8'), 44)).toBeUndefined();
    const long = ','.repeat(MAX_MARKED_BYTES + 1);
    expect(markCells(long, Buffer.from(long, 'latin1'), 44)).toBeUndefined();
  });
});
