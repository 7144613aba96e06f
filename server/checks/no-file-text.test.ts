/**
 * Findings never quote the file: a marker planted in every place a message, a location, an
 * entry's path or an unreadable reason could once quote (headers, sheet names, member names,
 * notebook cell ids and output names, form field and attachment names, property names, image
 * metadata, Parquet column names, text that a parser's error would echo) appears nowhere in the
 * scan record, through the engine in memory and through `egress scan --json`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { scanReportSchema, type ScannedEntry } from '../../common/contracts/scan.contract';
import type { Io } from '../cli/output';
import { runCli } from '../cli/program';
import { cliRoot } from '../entrypoints/cli-root';
import { gzipWithName, makeTar, yazlZip } from './families/archive/archives.testing';
import { docx, xlsx, zipParts } from './families/hidden-content/documents.testing';
import { simplePdf, stream } from './families/hidden-content/pdf.testing';
import { TEST_CHECK_CONTEXT } from './engine/line-detectors.testing';
import { columnLabel, maskFileName, maskName, memberLabel, sheetLabel } from './shared/mask-name';
import { ascii, jpeg, TAGS, tiff, xmpPacket } from './families/metadata/images.testing';
import { scanBuffer } from './engine/scan-buffer';

/** The marker, and a variant for places whose syntax refuses `@` (XML and PDF names). */
const MARKER = 'Zq7MARKERx9secret@example.org';
const NAME_MARKER = 'Zq7MARKERx9secret';
/** What must not appear, in any case. */
const NEEDLE = 'zq7marker';

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const num = (ref: string, value: number) => `<c r="${ref}"><v>${value}</v></c>`;
const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;
/**
 * A count table whose count column is headed by the marker: small counts name that column (an
 * email address in a header makes it a table of contacts, so the name variant is used there).
 */
const countRows = (header: string) => `region,${header} count\nNorth,3\nSouth,120\nEast,45\n`;
/** Row-level data whose identifier column (emails) is headed by the marker. */
const peopleRows = (delimiter: string) =>
  [[MARKER, 'gender', 'age'], ...['zeb', 'otto', 'pere', 'ann'].map((n, i) => [`${n}@example.org`, i % 2 ? 'F' : 'M', String(30 + i)])].map((r) => r.join(delimiter)).join('\n') + '\n';

const ODS_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"';

function ods(): Promise<Buffer> {
  const type = 'application/vnd.oasis.opendocument.spreadsheet';
  const str = (t: string) => `<table:table-cell office:value-type="string"><text:p>${t}</text:p></table:table-cell>`;
  const float = (v: number) => `<table:table-cell office:value-type="float" office:value="${v}"/>`;
  const sheet =
    `<table:table table:name="${MARKER}" table:style-name="ta2"><table:table-row table:visibility="collapse">${str('region')}${str(`${NAME_MARKER} count`)}</table:table-row>` +
    `<table:table-row>${str('North')}${float(3)}</table:table-row><table:table-row>${str('South')}${float(120)}</table:table-row></table:table>`;
  return zipParts({
    mimetype: type,
    'META-INF/manifest.xml': `<manifest:manifest ${ODS_NS}><manifest:file-entry manifest:full-path="/" manifest:media-type="${type}"/></manifest:manifest>`,
    'content.xml': `<office:document-content ${ODS_NS}><office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>${sheet}</office:spreadsheet></office:body></office:document-content>`,
    'meta.xml': `<office:document-meta ${ODS_NS}><office:meta><meta:user-defined meta:name="${MARKER}">${MARKER}</meta:user-defined></office:meta></office:document-meta>`,
  });
}

function notebook(): Buffer {
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const table = `<table><tr><th>region</th><th>${NAME_MARKER} count</th></tr><tr><td>North</td><td>3</td></tr><tr><td>South</td><td>120</td></tr></table>`;
  return Buffer.from(
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { authors: [{ name: MARKER }] },
      cells: [
        { id: MARKER, cell_type: 'markdown', metadata: {}, source: 'see figure', attachments: { [`${MARKER}.png`]: { 'image/png': png } } },
        {
          id: `${NAME_MARKER}-2`,
          cell_type: 'code',
          metadata: {},
          execution_count: 1,
          source: 'print(x)',
          outputs: [
            { output_type: 'stream', name: MARKER, text: `contact ${MARKER}\n` },
            { output_type: 'display_data', metadata: {}, data: { 'text/html': table, 'image/png': png } },
          ],
        },
      ],
    }),
  );
}

function pdf(): Buffer {
  // Objects from 6 on: a filled form field, the attachments' name tree, its file spec and data.
  return simplePdf({
    catalog: `/AcroForm << /Fields [6 0 R] >> /Names << /EmbeddedFiles 7 0 R >>`,
    page: '/Annots [6 0 R]',
    extra: [
      `<< /Type /Annot /Subtype /Widget /FT /Tx /T (${MARKER}) /V (Jane Doe) /Rect [100 600 300 620] /P 3 0 R >>`,
      `<< /Names [(${MARKER}.csv) 8 0 R] >>`,
      `<< /Type /Filespec /F (${MARKER}.csv) /UF (${MARKER}.csv) /EF << /F 9 0 R >> >>`,
      stream(countRows(NAME_MARKER), '/Type /EmbeddedFile'),
      `<< /Author (Ada Lovelace) /${NAME_MARKER} (${MARKER}) >>`,
    ],
    trailer: '/Info 10 0 R',
  });
}

function parquet(): Buffer {
  const columnData = [
    { name: MARKER, data: ['zeb@example.org', 'otto@example.org', 'pere@example.org', 'ann@example.org'], type: 'STRING' },
    { name: 'gender', data: ['M', 'F', 'M', 'F'], type: 'STRING' },
    { name: `${NAME_MARKER}_dob`, data: ['1980-01-02', '1975-03-04', '1990-05-06', '1985-07-08'], type: 'STRING' },
  ];
  return Buffer.from(parquetWriteBuffer({ columnData } as Parameters<typeof parquetWriteBuffer>[0]));
}

/** Every fixture, with a rule it must raise (so the place was really read). */
async function fixtures(): Promise<{ name: string; bytes: Buffer; rule: string }[]> {
  const inner = await yazlZip([{ name: `${MARKER}/people.csv`, data: peopleRows(',') }]);
  const tarBytes = await makeTar([
    { name: `../${MARKER}.csv`, data: countRows(NAME_MARKER) },
    { name: `${MARKER}/`, type: 'directory' },
    { name: `${MARKER}/b.txt`, data: `mail ${MARKER}\n` },
  ]);
  return [
    { name: 'counts.csv', bytes: Buffer.from(countRows(NAME_MARKER)), rule: 'sdc.small_count' },
    { name: 'people.tsv', bytes: Buffer.from(peopleRows('\t')), rule: 'microdata.row_level' },
    { name: 'people.csv', bytes: Buffer.from(peopleRows(',')), rule: 'microdata.row_level' },
    {
      name: 'book.xlsx',
      bytes: await xlsx({
        sheets: [
          { name: 'Summary', data: row(1, cell('A1', 'x')) },
          {
            name: MARKER,
            state: 'hidden',
            data: row(1, cell('A1', 'region') + cell('B1', `${NAME_MARKER} count`)) + row(2, cell('A2', 'North') + num('B2', 3)) + row(3, cell('A3', 'South') + num('B3', 120)),
          },
        ],
        custom: { [MARKER]: 'value' },
      }),
      rule: 'sdc.small_count',
    },
    { name: 'book.ods', bytes: await ods(), rule: 'hidden-content.hidden_sheet' },
    {
      name: 'bundle.zip',
      bytes: await yazlZip([
        { name: `${MARKER}.csv`, data: countRows(NAME_MARKER) },
        { name: `${MARKER}.csv`, data: countRows('n') },
        { name: `inner/${MARKER}.zip`, data: inner, compress: false },
        { name: `${MARKER}.docx`, data: 'not a document' },
      ]),
      rule: 'archive.duplicate_entry',
    },
    { name: 'bundle.tar', bytes: tarBytes, rule: 'archive.path_traversal' },
    { name: 'bundle.tar.gz', bytes: gzipWithName(tarBytes, `${MARKER}.tar`), rule: 'archive.path_traversal' },
    { name: 'single.gz', bytes: gzipWithName(Buffer.from(countRows(NAME_MARKER)), `../${MARKER}.csv`), rule: 'archive.path_traversal' },
    { name: 'analysis.ipynb', bytes: notebook(), rule: 'notebook.stored_outputs' },
    { name: 'form.pdf', bytes: pdf(), rule: 'hidden-content.pdf_form_fields' },
    {
      name: 'report.docx',
      bytes: await docx({
        body: '<w:p><w:r><w:t>Results</w:t></w:r></w:p>',
        comments: `<w:comment w:id="0" w:author="${MARKER}" w:initials="Z"><w:p><w:r><w:t>note</w:t></w:r></w:p></w:comment>`,
        custom: { [MARKER]: MARKER },
        parts: { [`word/embeddings/${MARKER}.bin`]: Buffer.from('ole') },
      }),
      rule: 'metadata.custom_property',
    },
    {
      name: 'photo.jpg',
      bytes: jpeg({
        exif: tiff({ ifd0: [ascii(TAGS.imageDescription, MARKER), ascii(TAGS.artist, MARKER)] }),
        xmp: xmpPacket(`<dc:creator>${MARKER}</dc:creator><aux:${NAME_MARKER}SerialNumber xmlns:aux="http://ns.adobe.com/exif/1.0/aux/">12345</aux:${NAME_MARKER}SerialNumber>`),
      }),
      rule: 'metadata.person_name',
    },
    { name: 'data.parquet', bytes: parquet(), rule: 'microdata.row_level' },
    // Broken files whose parsers' messages would echo their content.
    { name: 'broken.ipynb', bytes: Buffer.from(`{"cells": [${MARKER}]}`), rule: '' },
    { name: 'broken.xlsx', bytes: await xlsx({ sheets: [{ name: MARKER, xml: `<worksheet><sheetData><${NAME_MARKER} a="${MARKER}"</sheetData></worksheet>` }] }), rule: '' },
    { name: 'broken.pdf', bytes: Buffer.from(`%PDF-1.7\n1 0 obj << /${NAME_MARKER} (${MARKER}) >>\n%%EOF`), rule: '' },
    { name: 'broken.zip', bytes: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from(MARKER)]), rule: '' },
    { name: 'broken.parquet', bytes: Buffer.concat([Buffer.from('PAR1'), Buffer.from(MARKER.repeat(4)), Buffer.from([8, 0, 0, 0]), Buffer.from('PAR1')]), rule: '' },
  ];
}

function rulesIn(entry: ScannedEntry): string[] {
  return [...entry.findings.map((f) => f.rule), ...entry.entries.flatMap(rulesIn)];
}

describe('findings never quote file text', () => {
  it('masks a name to its first letter and a fixed run of bullets, keeping a short extension', () => {
    expect(maskName(MARKER)).toBe('Z••••');
    expect(maskName('../x')).toBe('••••');
    expect(maskFileName(`data/${MARKER}.csv`)).toBe('d••••.csv');
    expect(maskFileName(`a.${NAME_MARKER}`)).toBe('a••••');
    expect(columnLabel(3, 'email')).toBe('column 3 (“e••••”)');
    expect(columnLabel(2, '')).toBe('column 2');
    expect(sheetLabel(2, 'Raw')).toBe('sheet 2 (“R••••”)');
    expect(memberLabel(4, `${MARKER}.csv`)).toBe('#4 Z••••.csv');
  });

  it('keeps the marker out of every message, location, entry path and reason of the engine', async () => {
    const problems: string[] = [];
    for (const fixture of await fixtures()) {
      const entry = await scanBuffer(fixture.bytes, fixture.name, TEST_CHECK_CONTEXT);
      const json = JSON.stringify(entry);
      if (json.toLowerCase().includes(NEEDLE)) problems.push(`${fixture.name} quotes the marker: ${json}`);
      if (fixture.rule && !rulesIn(entry).includes(fixture.rule)) problems.push(`${fixture.name} lacks ${fixture.rule}: ${rulesIn(entry).join(', ')}`);
      if (!fixture.rule && entry.status !== 'unreadable') problems.push(`${fixture.name} is not unreadable`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('keeps the marker out of what `egress scan --json` prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-no-text-'));
    for (const fixture of await fixtures()) writeFileSync(join(dir, fixture.name), fixture.bytes);
    const stdout: string[] = [];
    const io: Io = { out: (t) => void stdout.push(t), err: () => undefined, readFile: async (p) => readFileSync(p, 'utf8'), readStdin: async () => '' };
    expect(
      await runCli(
        ['node', 'egress', 'scan', dir, '--json', '--workers', '1'],
        io,
        cliRoot(async () => 99),
      ),
    ).toBe(1);
    const printed = stdout.join('\n');
    const report = scanReportSchema.parse(JSON.parse(printed));
    expect(report.files.length).toBeGreaterThan(10);
    expect(printed.toLowerCase()).not.toContain(NEEDLE);
  }, 120_000);
});
