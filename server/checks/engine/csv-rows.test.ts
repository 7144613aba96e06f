import { describe, expect, it } from 'vitest';
import { CsvRowAssembler } from './csv-rows';
import { TableRow } from './table-row';

/** Each line is pushed as a range inside a longer text, as the engine does with a piece of a file. */
const rowsOf = (lines: string[], delimiter = ',') => {
  const a = new CsvRowAssembler(delimiter);
  const row = new TableRow();
  const out: string[][] = [];
  for (const line of lines) {
    const text = `x"${delimiter}\n${line}\n"${delimiter}y`;
    if (a.push(text, 4, 4 + line.length, row)) out.push(row.cells());
  }
  return a.end(row) ? [...out, row.cells()] : out;
};

describe('CSV rows from lines', () => {
  it('splits plain lines on the delimiter and skips empty lines', () => {
    expect(rowsOf(['a,b,c', '', '1,2,3'])).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps delimiters and doubled quotes inside quoted fields', () => {
    expect(rowsOf(['name,note', '"Smith, J","said ""hi"""'])).toEqual([
      ['name', 'note'],
      ['Smith, J', 'said "hi"'],
    ]);
  });

  it('joins a quoted field that spans lines into one row', () => {
    expect(rowsOf(['id,text', '1,"first line', 'second line"', '2,x'])).toEqual([
      ['id', 'text'],
      ['1', 'first line\nsecond line'],
      ['2', 'x'],
    ]);
  });

  it('returns an unterminated quoted field at the end instead of losing it', () => {
    expect(rowsOf(['a,"open'])).toEqual([['a', 'open']]);
  });

  it('reads whole numbers and lengths of cells without cutting them out', () => {
    const row = new TableRow();
    expect(new CsvRowAssembler(',').push('skip\nNorth,012,,x9,1234567890123456\n', 5, 35, row)).toBe(true);
    expect([row.length, row.integer(1), row.integer(0), row.integer(2), row.integer(3), row.integer(4), row.integer(7)]).toEqual([5, 12, -1, -1, -1, -1, -1]);
    expect([row.cellLength(2), row.cell(3), row.cell(9), row.lastCharCode(0), row.charCode(3, 1), row.charCode(3, 2), row.charCode(2, 0), row.lastCharCode(9)]).toEqual([
      0,
      'x9',
      '',
      'h'.charCodeAt(0),
      '9'.charCodeAt(0),
      NaN,
      NaN,
      NaN,
    ]);
  });

  it('splits tab-separated lines', () => {
    expect(rowsOf(['a\tb', '1\t2'], '\t')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('the delimiter of a .csv file', () => {
  it('is taken from the first line: semicolons, tabs and bars are recognised, commas win ties', async () => {
    const { sniffDelimiter } = await import('./text-scan');
    expect(sniffDelimiter('age;gender;zipcode')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('a|b|c')).toBe('|');
    expect(sniffDelimiter('name,note;x')).toBe(',');
    expect(sniffDelimiter('single')).toBe(',');
  });
});

describe('CSV lines that arrive in pieces (longer than 64 KiB)', () => {
  /** Pushes `line` as pieces of `size`, every piece but the last marked as continuing. */
  const inPieces = (a: CsvRowAssembler, row: TableRow, line: string, size: number): boolean => {
    let complete = false;
    for (let at = 0; at < line.length; at += size) complete = a.push(line, at, Math.min(line.length, at + size), row, at + size < line.length);
    return complete;
  };

  it('joins the pieces of one line into one row, cut anywhere, quoted fields included', () => {
    const cells = Array.from({ length: 15_000 }, (_, i) => (i % 1000 === 7 ? `"note, ${i}"` : `c${i}`));
    const line = cells.join(',');
    for (const size of [1, 3, 64 * 1024]) {
      const a = new CsvRowAssembler(',');
      const row = new TableRow();
      expect(inPieces(a, row, line, size)).toBe(true);
      expect(row.length).toBe(15_000);
      expect(row.cell(14_999)).toBe('c14999');
      expect(row.cell(7)).toBe('note, 7');
      // The next line is a row of its own.
      expect(a.push('1,2', 0, 3, row)).toBe(true);
      expect(row.cells()).toEqual(['1', '2']);
    }
  });

  it('drops a row longer than 16 MiB instead of holding it, and reads the next line', () => {
    const a = new CsvRowAssembler(',');
    const row = new TableRow();
    const piece = `${'x'.repeat(1024 * 1024 - 1)},`;
    for (let k = 0; k < 20; k++) expect(a.push(piece, 0, piece.length, row, true)).toBe(false);
    expect(a.push('end', 0, 3, row, false)).toBe(false);
    expect(a.push('a,b', 0, 3, row)).toBe(true);
    expect(row.cells()).toEqual(['a', 'b']);
  });
});

describe('CSV rows of a piece marked in one pass (csv-marks.ts)', () => {
  /** The rows of `text`, line by line as the line scanner hands them over, with or without the piece's marks. */
  const rowsOfPiece = (text: string, bytes: Buffer | undefined, delimiter = ','): string[][] => {
    const a = new CsvRowAssembler(delimiter);
    const row = new TableRow();
    if (bytes) a.mark(text, bytes);
    const out: string[][] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (a.push(text, start, stop, row)) out.push(row.cells());
      start = end + 1;
    }
    return a.end(row) ? [...out, row.cells()] : out;
  };

  it('cuts the same rows as searching does: quotes, fields over lines, empty cells, line ends', () => {
    const lines = [
      'id,name,note',
      '1,Ada,',
      ',,',
      '2,"Smith, J","said ""hi"""',
      '3,"first',
      'second, still quoted"',
      '4,x\r',
      ',lead',
      'trail,',
      '5,caf\u00e9,\u00ff',
      '"6",quoted id,x',
      '7,a"b,c',
      '',
      '8,last',
    ];
    for (const delimiter of [',', ';', '\t']) {
      const text = `${lines.map((line) => line.replaceAll(',', delimiter)).join('\n')}\n`;
      const searched = rowsOfPiece(text, undefined, delimiter);
      expect(searched.length).toBe(12);
      expect(rowsOfPiece(text, Buffer.from(text, 'latin1'), delimiter)).toEqual(searched);
    }
  });

  it('splits a piece of several-byte characters by searching, as before', () => {
    const text = 'region,n\nRégion 1,12\n"Île, la",3\n';
    expect(rowsOfPiece(text, Buffer.from(text, 'utf8'))).toEqual([
      ['region', 'n'],
      ['Région 1', '12'],
      ['Île, la', '3'],
    ]);
  });

  it('splits a line of another text (the line that straddles two pieces) by searching', () => {
    const a = new CsvRowAssembler(',');
    const row = new TableRow();
    const piece = 'a,b\nc,d\n';
    a.mark(piece, Buffer.from(piece, 'latin1'));
    expect(a.push('x,y,z', 0, 5, row)).toBe(true);
    expect(row.cells()).toEqual(['x', 'y', 'z']);
    expect(a.push(piece, 4, 7, row)).toBe(true);
    expect(row.cells()).toEqual(['c', 'd']);
  });
});
