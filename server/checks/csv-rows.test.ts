import { describe, expect, it } from 'vitest';
import { CsvRowAssembler } from './csv-rows';

const rowsOf = (lines: string[], delimiter = ',') => {
  const a = new CsvRowAssembler(delimiter);
  const out = lines.map((l) => a.push(l)).filter((r): r is string[] => r !== undefined);
  const last = a.end();
  return last ? [...out, last] : out;
};

describe('CSV rows from lines', () => {
  it('splits plain lines on the delimiter and skips empty lines', () => {
    expect(rowsOf(['a,b,c', '', '1,2,3'])).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
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

  it('splits tab-separated lines', () => {
    expect(rowsOf(['a\tb', '1\t2'], '\t')).toEqual([['a', 'b'], ['1', '2']]);
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
