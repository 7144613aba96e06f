import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../common/contracts/scan.contract';
import { cellKey, entryLabel, excerpt, maskLine, maskValue, parseDelimited, isTextualPreview, placeOnTable, previewKind, spanAt } from './findings-view';

const finding = (location: Finding['location'], family: Finding['family'] = 'sdc'): Finding => ({
  family,
  rule: `${family}.x`,
  severity: 'review',
  message: 'm',
  ...(location ? { location } : {}),
});

describe('masking a flagged value', () => {
  it('keeps the first two and last two characters and bullets the rest', () => {
    expect(maskValue('jane.doe@example.org')).toBe(`ja${'•'.repeat(16)}rg`);
  });

  it('bullets a value of four characters or fewer entirely', () => {
    expect(maskValue('1234')).toBe('••••');
  });

  it('takes the token at the column and the capitalised words that continue it', () => {
    const line = 'lives at SW1A 1AA near the park';
    expect(spanAt(line, 9)).toEqual([9, 17]);
    expect(spanAt('email: jane@example.org, then', 7)).toEqual([7, 23]);
  });

  it('masks only the values at the given 1-based columns', () => {
    const pieces = maskLine('contact jane.doe@example.org for details', [9]);
    expect(pieces.map((p) => p.text).join('')).toBe(`contact ja${'•'.repeat(16)}rg for details`);
    expect(pieces.filter((p) => p.masked)).toHaveLength(1);
  });
});

describe('placing findings on a delimited file', () => {
  it('numbers records as the checks do: header 0, blank lines skipped', () => {
    const records = parseDelimited('region,n\nNorth,12\n\nSouth,7\n', false);
    expect(records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['region', 'n']],
      [2, ['North', '12']],
      [4, ['South', '7']],
    ]);
  });

  it('puts a {row, column} finding on that record and 1-based cell', () => {
    const records = parseDelimited('region,n\nNorth,12\nSouth,7\n', false);
    const { cells } = placeOnTable(records, [finding({ row: 2, column: 2 })]);
    expect([...cells.keys()]).toEqual([cellKey(2, 1)]);
  });

  it('maps a {line, column} finding to the cell holding that character, across quoted line breaks', () => {
    const text = 'id,note,email\n1,"two\nlines",a@b.org\n2,x,c@d.org\n';
    const records = parseDelimited(text, false);
    expect(records).toHaveLength(3);
    const { cells } = placeOnTable(records, [finding({ line: 3, column: 8 }, 'pii'), finding({ line: 4, column: 5 }, 'pii')]);
    expect([...cells.keys()].sort()).toEqual([cellKey(1, 2), cellKey(2, 2)]);
  });

  it('reads semicolon-separated .csv files and tab-separated .tsv files', () => {
    expect(parseDelimited('a;b\n1;2\n', false)[1]?.cells).toEqual(['1', '2']);
    expect(parseDelimited('a\tb\n1\t2\n', true)[1]?.cells).toEqual(['1', '2']);
  });
});

describe('choosing what to show', () => {
  it('shows every item of a short file and gaps around flagged items of a long one', () => {
    expect(excerpt(3, [1])).toEqual([0, 1, 2]);
    const long = excerpt(1000, [500], { head: 2, around: 1 });
    expect(long).toEqual([0, 1, null, 499, 500, 501, null]);
  });

  it('previews tables, text and images, and nothing for large or binary files', () => {
    expect(previewKind('t.csv', 'text/csv', 10)).toBe('csv');
    expect(previewKind('t.tsv', 'text/plain', 10)).toBe('tsv');
    expect(previewKind('r.txt', 'text/plain', 10)).toBe('text');
    expect(previewKind('f.png', 'image/png', 10)).toBe('image');
    expect(previewKind('r.txt', 'text/plain', 3 * 1024 * 1024)).toBe('none');
    expect(previewKind('a.zip', 'application/zip', 10)).toBe('none');
  });

  it('reads the content of tables and text as text, never of images or files without a preview', () => {
    expect(['csv', 'tsv', 'text'].every((k) => isTextualPreview(k as 'csv'))).toBe(true);
    expect(isTextualPreview('image')).toBe(false);
    expect(isTextualPreview('none')).toBe(false);
  });

  it('names an archive entry by its path inside the archive', () => {
    expect(entryLabel('/tmp/x/0/bundle.zip!/#2 i••••.csv')).toBe('#2 i••••.csv');
    expect(entryLabel('a.zip!/#1 b••••.zip!/#3 c••••.csv')).toBe('#1 b••••.zip › #3 c••••.csv');
  });
});
