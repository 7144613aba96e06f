import { describe, expect, it } from 'vitest';
import { MAX_MARKED_BYTES, markCells } from './csv-marks';
import { TEST_CHECK_CONTEXT } from './line-detectors.testing';
import { ChunkDecoder, pushPieces } from './scan-buffer';
import { LineScanner, textFileScanner } from './text-scan';

const TEST_FILE = { path: 'a.csv', name: 'a.csv', bytes: 0, mediaType: 'text/csv' };

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

function lineEndsOf(text: string): number[] | undefined {
  const marked = markCells(text, Buffer.from(text, 'latin1'), 44);
  return marked && Array.from(marked.lineEnds.subarray(0, marked.lines));
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
  it('marks every delimiter, quote and line break in order, at any length and alignment', () => {
    const next = random(7);
    const alphabet = ',;\t|"\n\r a1é\u00ff\u0000';
    for (const delimiter of [',', ';', '\t', '|']) {
      for (const length of [0, 1, 15, 16, 17, 31, 33, 1000, MAX_MARKED_BYTES - 1, MAX_MARKED_BYTES]) {
        let text = '';
        for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
        expect(marksOf(text, delimiter)).toEqual(expected(Buffer.from(text, 'latin1'), delimiter.charCodeAt(0)));
        expect(lineEndsOf(text)).toEqual([...text].flatMap((c, at) => (c === '\n' ? [at] : [])));
      }
    }
  });

  it('gives the example of its documentation', () => {
    expect(marksOf('a,"b",c\n', ',')).toEqual([1 << 1, (2 << 1) | 1, (4 << 1) | 1, 5 << 1]);
    expect(lineEndsOf('a,"b",c\n')).toEqual([7]);
  });

  it('reads no stale bytes past the end of a shorter piece after a longer one', () => {
    expect(marksOf(',,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,', ',')).toHaveLength(32);
    expect(lineEndsOf('\n'.repeat(40))).toHaveLength(40);
    expect(marksOf('ab', ',')).toEqual([]);
    expect(lineEndsOf('ab')).toEqual([]);
  });

  it('leaves unmarked a text that is not one byte per character or is too long', () => {
    const utf8 = 'Région,1';
    expect(markCells(utf8, Buffer.from(utf8, 'utf8'), 44)).toBeUndefined();
    const long = ','.repeat(MAX_MARKED_BYTES + 1);
    expect(markCells(long, Buffer.from(long, 'latin1'), 44)).toBeUndefined();
  });
});

describe('a CSV read at its marks', () => {
  /** Varied rows: quotes, fields over lines, CRLF, empty cells and lines, a line over 64 KiB, small counts at irregular rows. */
  function awkwardCsv(): string {
    const next = random(3);
    const lines = ['\ufeffregion,age,sex,count,note'];
    for (let i = 0; i < 4000; i++) {
      const count = next() < 0.05 ? Math.floor(next() * 10) : 10 + Math.floor(next() * 500);
      const note = next() < 0.03 ? '"a note, with ""quotes""\nover two lines"' : next() < 0.001 ? 'x'.repeat(70_000) : next() < 0.1 ? '' : 'plain';
      if (next() < 0.01) lines.push('');
      lines.push(`${['North', 'South', 'East', 'West'][i % 4]},${i % 90},${i % 2 ? 'F' : 'M'},${count},${note}${next() < 0.2 ? '\r' : ''}`);
    }
    return `${lines.join('\n')}\n`;
  }

  /** The piece-by-piece reading of the streamed path, with the pieces' bytes (marked) or without (searched). */
  function findingsOf(bytes: Buffer, marked: boolean) {
    const scanner = textFileScanner({ ...TEST_FILE, bytes: bytes.length }, TEST_CHECK_CONTEXT, ',', []);
    const decoder = new ChunkDecoder();
    pushPieces(bytes, decoder, marked ? scanner : { push: (text) => scanner.push(text) });
    scanner.push(decoder.end());
    return scanner.end();
  }

  it('finds what searching the text finds, in ASCII and in UTF-8 text', () => {
    for (const text of [awkwardCsv(), awkwardCsv().replaceAll('North', 'Nörth')]) {
      const bytes = Buffer.from(text, 'utf8');
      const searched = findingsOf(bytes, false);
      expect(searched.map((f) => f.rule)).toContain('sdc.small_count');
      expect(findingsOf(bytes, true)).toEqual(searched);
    }
  });

  it('hands the line scanner the same lines, carried over pieces, as searching for line breaks', () => {
    const text = awkwardCsv();
    const read = (withEnds: boolean): string[] => {
      const seen: string[] = [];
      const scanner = new LineScanner(TEST_FILE, TEST_CHECK_CONTEXT, undefined, (t, start, end, lineNo, continues) => seen.push(`${lineNo}:${continues}:${t.slice(start, end)}`), []);
      for (let at = 0; at < text.length; at += 120 * 1024) {
        const piece = text.slice(at, at + 120 * 1024);
        const bytes = Buffer.from(piece, 'latin1');
        scanner.push(piece, bytes, withEnds ? markCells(piece, bytes, 44) : undefined);
      }
      scanner.end();
      return seen;
    };
    const searched = read(false);
    expect(searched.length).toBeGreaterThan(4000);
    expect(read(true)).toEqual(searched);
  });
});
