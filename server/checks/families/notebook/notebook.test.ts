import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../shared/presets';
import type { Extracted, FileInfo } from '../../engine/types';
import { parseHtmlTables, htmlToText } from './html';
import { scanBuffer } from '../../engine/scan-buffer';
import { notebookHandler } from './index';

const ctx = { parameters: PRESETS.acro, packageKind: 'report' as const, signal: new AbortController().signal };
const file = (name = 'analysis.ipynb', mediaType = 'application/x-ipynb+json'): FileInfo => ({ path: name, name, bytes: 0, mediaType });
const run = (nb: unknown): Promise<Extracted> => notebookHandler.extract(Buffer.from(typeof nb === 'string' ? nb : JSON.stringify(nb)), file(), ctx);

/** A 1×1 PNG. */
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const DATAFRAME_HTML = [
  '<div><style scoped>.dataframe tbody tr th { vertical-align: top; }</style>\n<table border="1" class="dataframe">',
  '  <thead>\n    <tr style="text-align: right;">\n      <th></th>\n      <th>region</th>\n      <th>count</th>\n    </tr>',
  '    <tr>\n      <th>id</th>\n      <th></th>\n      <th></th>\n    </tr>\n  </thead>',
  '  <tbody>\n    <tr>\n      <th>0</th>\n      <td>North &amp; East</td>\n      <td>4</td>\n    </tr>',
  '    <tr>\n      <th>1</th>\n      <td>South</td>\n      <td>12</td>\n    </tr>\n  </tbody>\n</table>\n</div>',
];

const v4 = (cells: unknown[], metadata: object = { kernelspec: { name: 'python3' } }) => ({ nbformat: 4, nbformat_minor: 5, metadata, cells });
const code = (source: string, outputs: unknown[] = [], execution_count: number | null = outputs.length ? 1 : null) => ({
  cell_type: 'code',
  source,
  metadata: {},
  outputs,
  execution_count,
});

describe('notebooks with stored outputs', () => {
  const nb = v4([
    { cell_type: 'markdown', source: ['# Results\n', 'Contact ada@example.org'], metadata: {} },
    code('print(df.head())', [{ output_type: 'stream', name: 'stdout', text: ['row 1\n', 'row 2\n'] }]),
    code('df', [{ output_type: 'execute_result', execution_count: 2, metadata: {}, data: { 'text/html': DATAFRAME_HTML, 'text/plain': ['   region  count\n', '0  North  4'] } }]),
    code('plot()', [
      { output_type: 'display_data', metadata: {}, data: { 'image/png': PNG_B64, 'text/plain': '<Figure size 640x480>' } },
      { output_type: 'error', ename: 'ValueError', evalue: 'bad value', traceback: ['\u001b[0;31mValueError\u001b[0m: bad value'] },
    ]),
    code('x = 1'),
  ]);

  it('raises one review finding counting the stored outputs, located at the first cell with outputs', async () => {
    const r = await run(nb);
    expect(r.findings).toEqual([
      { family: 'notebook', rule: 'notebook.stored_outputs', severity: 'review', location: { cellIndex: 1 }, message: expect.stringMatching(/^4 stored outputs in 3 code cells \(first at cell 1\)/) },
    ]);
    expect(r.unreadable).toBeUndefined();
  });

  it('returns every cell source and output text with its cell index, HTML stripped and tracebacks without colour codes', async () => {
    const r = await run(nb);
    expect(r.texts).toEqual([
      { text: '# Results\nContact ada@example.org', location: { cellIndex: 0, part: 'source' } },
      { text: 'print(df.head())', location: { cellIndex: 1, part: 'source' } },
      { text: 'row 1\nrow 2\n', location: { cellIndex: 1, part: 'output-0' } },
      { text: 'df', location: { cellIndex: 2, part: 'source' } },
      { text: '\tregion\tcount\nid\n0\tNorth & East\t4\n1\tSouth\t12', location: { cellIndex: 2, part: 'output-0' } },
      { text: 'plot()', location: { cellIndex: 3, part: 'source' } },
      { text: '<Figure size 640x480>', location: { cellIndex: 3, part: 'output-0' } },
      { text: 'ValueError: bad value\nValueError: bad value', location: { cellIndex: 3, part: 'output-1' } },
      { text: 'x = 1', location: { cellIndex: 4, part: 'source' } },
    ]);
  });

  it('parses a pandas DataFrame table from the HTML output, folding the index-name row into the header', async () => {
    const r = await run(nb);
    expect(r.tables).toEqual([
      {
        rows: [
          ['id', 'region', 'count'],
          ['0', 'North & East', '4'],
          ['1', 'South', '12'],
        ],
        location: { cellIndex: 2, part: 'output-0' },
      },
    ]);
  });

  it('returns embedded images as members with their decoded bytes', async () => {
    const r = await run(nb);
    expect(r.members).toEqual([{ name: 'cell-3-output-0.png', bytes: Buffer.from(PNG_B64, 'base64'), generated: true }]);
    expect(r.members?.[0]?.bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('returns markdown attachments and pandas data-resource tables too', async () => {
    const r = await run(
      v4([
        { cell_type: 'markdown', source: '![x](attachment:fig.png)', metadata: {}, attachments: { 'fig.png': { 'image/png': PNG_B64 } } },
        code('df', [
          {
            output_type: 'execute_result',
            execution_count: 1,
            metadata: {},
            data: { 'application/vnd.dataresource+json': { schema: { fields: [{ name: 'area' }, { name: 'n' }] }, data: [{ area: 'A', n: 3 }] } },
          },
        ]),
      ]),
    );
    // An attachment is numbered: its name is the notebook's text.
    expect(r.members?.map((m) => m.name)).toEqual(['cell-0-attachment-1.png']);
    expect(r.tables).toEqual([
      {
        rows: [
          ['area', 'n'],
          ['A', '3'],
        ],
        location: { cellIndex: 1, part: 'output-0' },
      },
    ]);
  });

  it('reads tables printed in plain-text outputs (an R kernel printing table()), located by their line in the output', async () => {
    const printed = ['Counts by age band and sex\n', '\n', '      sex\n', 'age     F  M\n', '  0-19  3 14\n', '  20+  40 52\n'];
    const r = await run(v4([code('table(df$age, df$sex)', [{ output_type: 'stream', name: 'stdout', text: printed }])]));
    expect(r.tables).toEqual([
      {
        rows: [
          ['age', 'F', 'M'],
          ['0-19', '3', '14'],
          ['20+', '40', '52'],
        ],
        location: { cellIndex: 0, part: 'output-0', line: 4 },
      },
    ]);
  });

  it('reads nbformat 3 worksheets with short output keys and legacy pyout/pyerr outputs', async () => {
    const r = await run({
      nbformat: 3,
      metadata: { name: 'old' },
      worksheets: [
        {
          cells: [
            { cell_type: 'heading', level: 1, source: ['Old notebook'] },
            {
              cell_type: 'code',
              input: ['df'],
              language: 'python',
              prompt_number: 1,
              outputs: [{ output_type: 'pyout', prompt_number: 1, html: ['<table><tr><th>n</th></tr><tr><td>7</td></tr></table>'], png: PNG_B64, text: ['n\n7'] }],
            },
            { cell_type: 'code', input: '1/0', outputs: [{ output_type: 'pyerr', ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: [] }] },
          ],
        },
      ],
    });
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([['notebook.stored_outputs', { cellIndex: 1 }]]);
    expect(r.tables?.[0]?.rows).toEqual([['n'], ['7']]);
    expect(r.members?.map((m) => m.name)).toEqual(['cell-1-output-0.png']);
    expect(r.texts?.map((t) => t.text)).toContain('ZeroDivisionError: division by zero');
  });
});

describe('notebooks without stored outputs', () => {
  it('stays silent on a stripped notebook but still returns the cell sources', async () => {
    const r = await run(v4([code('import pandas as pd'), { cell_type: 'markdown', source: '# Notes', metadata: {} }, code('pd.read_csv("x.csv")')]));
    expect(r.findings).toEqual([]);
    expect(r.members).toEqual([]);
    expect(r.tables).toEqual([]);
    expect(r.texts?.map((t) => t.location)).toEqual([
      { cellIndex: 0, part: 'source' },
      { cellIndex: 1, part: 'source' },
      { cellIndex: 2, part: 'source' },
    ]);
  });

  it('does not count an execution count without outputs as a stored output', async () => {
    expect((await run(v4([code('x = 1', [], 7)]))).findings).toEqual([]);
  });
});

describe('notebook metadata', () => {
  it('flags author names in metadata.authors and metadata.author for review without quoting them', async () => {
    const r = await run(v4([code('1')], { authors: [{ name: 'Ada Lovelace' }, 'Charles Babbage'], author: 'A. N. Other' }));
    expect(r.findings).toEqual([
      { family: 'notebook', rule: 'notebook.author_metadata', severity: 'review', location: { field: 'metadata.authors' }, message: 'Notebook metadata names 2 authors' },
      { family: 'notebook', rule: 'notebook.author_metadata', severity: 'review', location: { field: 'metadata.author' }, message: 'Notebook metadata names 1 author' },
    ]);
    expect(r.texts).toContainEqual({ text: 'Author: Ada Lovelace\nAuthor: Charles Babbage', location: { field: 'metadata.authors' } });
  });

  it('ignores an empty authors list', async () => {
    expect((await run(v4([], { authors: [] }))).findings).toEqual([]);
  });
});

describe('unreadable notebooks', () => {
  it('reports malformed JSON as unreadable without quoting the content', async () => {
    const r = await run('{"cells": [ {"source": "password=hunter2" ');
    expect(r.unreadable).toMatch(/^notebook is not valid JSON/);
    expect(r.unreadable).not.toMatch(/hunter2/);
    expect(r.findings).toEqual([]);
  });

  it('reports JSON that is not a notebook as unreadable', async () => {
    expect((await run({ hello: 'world' })).unreadable).toBe('the JSON is not a Jupyter notebook (no cells or worksheets)');
    expect((await run([1, 2])).unreadable).toBe('the JSON is not a Jupyter notebook (not an object)');
  });
});

describe('which files the notebook handler opens', () => {
  it('matches the notebook media type and JSON files named .ipynb, not other JSON', () => {
    expect(notebookHandler.matches(file())).toBe(true);
    expect(notebookHandler.matches(file('nb.ipynb', 'application/json'))).toBe(true);
    expect(notebookHandler.matches(file('data.json', 'application/json'))).toBe(false);
  });
});

describe('personal data in notebook tables', () => {
  const table = (header: string[], rows: string[][]) =>
    `<table class="dataframe"><thead><tr><th></th>${header.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r, i) => `<tr><th>${i}</th>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>';
  const scanNotebook = (html: string) =>
    scanBuffer(Buffer.from(JSON.stringify(v4([code('df', [{ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/html': html } }])]))), 'analysis.ipynb', ctx);

  it('reads names and dates of birth under the named columns of a pandas table, past its index column', async () => {
    const entry = await scanNotebook(
      table(
        ['surname', 'date_of_birth', 'ward'],
        [
          ['Lovelace', '1985-12-10', 'Abbey'],
          ['Babbage', '1971-12-26', 'Hillsborough'],
        ],
      ),
    );
    const pii = entry.findings.filter((f) => f.family === 'pii').map((f) => [f.rule, f.location]);
    expect(pii).toEqual([
      ['pii.person_name', { cellIndex: 0, part: 'output-0', line: 2, column: 3 }],
      ['pii.date_of_birth', { cellIndex: 0, part: 'output-0', line: 2, column: 12 }],
      ['pii.person_name', { cellIndex: 0, part: 'output-0', line: 3, column: 3 }],
      ['pii.date_of_birth', { cellIndex: 0, part: 'output-0', line: 3, column: 11 }],
    ]);
  });

  it('finds no personal data in an aggregate pandas table', async () => {
    const entry = await scanNotebook(
      table(
        ['region', 'births', 'year'],
        [
          ['North', '120', '2019'],
          ['South', '98', '2020'],
        ],
      ),
    );
    expect(entry.findings.filter((f) => f.family === 'pii')).toEqual([]);
  });
});

describe('HTML helpers', () => {
  it('lays out colspan and rowspan cells of a MultiIndex table on a grid', () => {
    const html = '<table><tr><th colspan="2">sex</th><th>n</th></tr><tr><td rowspan="2">A</td><td>F</td><td>5</td></tr><tr><td>M</td><td>6</td></tr></table>';
    expect(parseHtmlTables(html)).toEqual([
      [
        ['sex', 'sex', 'n'],
        ['A', 'F', '5'],
        ['A', 'M', '6'],
      ],
    ]);
  });

  it('keeps empty cells in table rows so header and data lines split into the same columns', () => {
    const html = '<table><tr> <th></th> <th>first_name</th> <th>middle</th> <th>dob</th> </tr><tr> <th>0</th> <td>Ada</td> <td></td> <td>1985-12-10</td> </tr><tr><td></td><td></td></tr></table>';
    expect(htmlToText(html)).toBe('\tfirst_name\tmiddle\tdob\n0\tAda\t\t1985-12-10');
  });

  it('drops scripts, styles and comments and decodes entities', () => {
    expect(htmlToText('<p>a&lt;b &#233;</p><script>var s = "x";</script><style>p{}</style><!-- c --><br>d&nbsp;e')).toBe('a<b é\nd e');
  });

  it('keeps an unclosed table and ignores tables nested in cells', () => {
    expect(parseHtmlTables('<table><tr><td>1<table><tr><td>in</td></tr></table></td><td>2')).toEqual([[['1 in', '2']]]);
  });
});
