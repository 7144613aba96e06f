import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import { scanBuffer } from '../../engine/scan-buffer';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { documentHandlers } from './index';
import { newSheetBudget, scanSheet } from './sheet-scan';
import { xlsx } from './documents.testing';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XLSM = 'application/vnd.ms-excel.sheet.macroenabled.12';
const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });

async function scan(bytes: Buffer, mediaType = XLSX): Promise<Extracted> {
  const file: FileInfo = { path: 'book.xlsx', name: 'book.xlsx', bytes: bytes.length, mediaType };
  const handler = documentHandlers.find((h) => h.matches(file));
  if (!handler) throw new Error(`no handler for ${mediaType}`);
  const result = await handler.extract(bytes, file, ctx());
  // Every finding must fit the scan record's contract (rule pattern, location keys).
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}

const rules = (r: Extracted) => r.findings.map((f) => f.rule).sort();
const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;
const s = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
const n = (ref: string, value: string) => `<c r="${ref}"><v>${value}</v></c>`;
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

describe('Excel workbooks', () => {
  it('turns each sheet into a table and only its string cells into texts', async () => {
    const data =
      row(1, s('A1', 0) + s('B1', 1) + s('C1', 2)) + row(2, s('A2', 3) + n('B2', '07700900123') + n('C2', '44197')) + row(3, `<c r="A3" t="inlineStr"><is><t>Bob</t></is></c>${n('B3', '0.5')}`);
    const r = await scan(await xlsx({ sheets: [{ name: 'Data', data }], strings: ['name', 'phone', 'date', 'Ada'] }));
    expect(r.findings).toEqual([]);
    expect(r.tables).toEqual([
      {
        rows: [
          ['name', 'phone', 'date'],
          ['Ada', '07700900123', '44197'],
          ['Bob', '0.5'],
        ],
        location: { sheet: 'D••••', sheetIndex: 1 },
      },
    ]);
    expect(r.texts?.map((t) => [t.text, t.location])).toEqual([
      ['name', { sheet: 'D••••', sheetIndex: 1, cell: 'A1' }],
      ['phone', { sheet: 'D••••', sheetIndex: 1, cell: 'B1' }],
      ['date', { sheet: 'D••••', sheetIndex: 1, cell: 'C1' }],
      ['Ada', { sheet: 'D••••', sheetIndex: 1, cell: 'A2' }],
      ['Bob', { sheet: 'D••••', sheetIndex: 1, cell: 'A3' }],
    ]);
  });

  it('reports hidden and very hidden sheets by position and masked name and still reads their data', async () => {
    const r = await scan(
      await xlsx({
        sheets: [
          { name: 'Summary', data: row(1, n('A1', '1')) },
          { name: 'Raw', state: 'hidden', data: row(1, s('A1', 0)) },
          { name: 'Secret', state: 'veryHidden' },
        ],
        strings: ['jane@example.org'],
      }),
    );
    expect(r.findings.map((f) => [f.rule, f.severity, f.location])).toEqual([
      ['hidden-content.hidden_sheet', 'review', { sheet: 'R••••', sheetIndex: 2 }],
      ['hidden-content.hidden_sheet', 'review', { sheet: 'S••••', sheetIndex: 3 }],
    ]);
    expect(r.findings[1]?.message).toMatch(/very hidden/);
    expect(r.texts).toContainEqual({ text: 'jane@example.org', location: { sheet: 'R••••', sheetIndex: 2, cell: 'A1' } });
  });

  it('reads workbooks that use a namespace prefix on every element', async () => {
    const r = await scan(await xlsx({ prefix: 'x:', sheets: [{ name: 'A' }, { name: 'B', state: 'hidden' }] }));
    expect(r.findings.map((f) => f.location)).toEqual([{ sheet: 'B••••', sheetIndex: 2 }]);
  });

  it('reports hidden rows and columns, even empty ones', async () => {
    const before = '<cols><col min="1" max="1" hidden="1"/><col min="2" max="2" width="9"/></cols>';
    const data = '<row r="1" hidden="1"/>' + row(2, n('A2', '5') + n('B2', '6'));
    const r = await scan(await xlsx({ sheets: [{ name: 'S', before, data }] }));
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([
      ['hidden-content.hidden_rows', { sheet: 'S••••', sheetIndex: 1 }],
      ['hidden-content.hidden_columns', { sheet: 'S••••', sheetIndex: 1 }],
    ]);
    expect(r.findings[1]?.message).toMatch(/1 value/);
  });

  it('does not report hiding every column past the used area', async () => {
    const before = '<cols><col min="5" max="16384" hidden="1"/></cols>';
    expect((await scan(await xlsx({ sheets: [{ name: 'S', before, data: row(1, n('A1', '1')) }] }))).findings).toEqual([]);
  });

  it('ignores a dimension that claims the whole sheet and leaves far columns out of the table, saying so', async () => {
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>${row(1, n('A1', '1'))}${row(1048576, n('XFD1048576', '2'))}</sheetData></worksheet>`;
    const r = await scan(await xlsx({ sheets: [{ name: 'S', xml: sheet }] }));
    expect(r.unreadable).toBeUndefined();
    expect(r.tables?.[0]?.rows.map((x) => x.length)).toEqual([1, 0, 0]);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.sheet_truncated', location: { sheet: 'S••••', sheetIndex: 1 } })]);
  });

  it('refuses a sheet of millions of repeated cells, whether as a zip bomb or at the cell budget', async () => {
    const repeated = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${'<c/>'.repeat(2_000_001)}</row></sheetData></worksheet>`;
    expect((await scan(await xlsx({ sheets: [{ name: 'S', xml: repeated }] }))).unreadable).toMatch(/zip bomb/);
  });

  it('stops at the cell budget when a sheet holds millions of distinct cells, with the reason', async () => {
    const cells = Array.from({ length: 2_000_001 }, (_, i) => `<c><v>${i}</v></c>`).join('');
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${cells}</row></sheetData></worksheet>`;
    const r = await scan(await xlsx({ sheets: [{ name: 'S', xml: sheet }] }));
    expect(r.unreadable).toMatch(/more than 2000000 cells/);
  });

  it('keeps at most the row budget in a table and says so', () => {
    const budget = { ...newSheetBudget(), maxTableRows: 2 };
    const xml = `<worksheet><sheetData>${row(1, n('A1', '1'))}${row(2, n('A2', '2'))}${row(3, n('A3', '3'))}</sheetData></worksheet>`;
    const scanned = scanSheet(xml, 's.xml', [], budget, () => undefined);
    expect(scanned.rows).toEqual([['1'], ['2']]);
    expect(scanned.truncated).toBe(true);
  });

  it('reports a pivot cache with stored records and hands the records over as a table', async () => {
    const def = `<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1" recordCount="2"><cacheFields count="2"><cacheField name="sex"><sharedItems><s v="F"/><s v="M"/></sharedItems></cacheField><cacheField name="age"><sharedItems containsNumber="1"/></cacheField></cacheFields></pivotCacheDefinition>`;
    const records = `<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2"><r><x v="1"/><n v="34"/></r><r><x v="0"/><n v="51"/></r></pivotCacheRecords>`;
    const bytes = await xlsx({
      sheets: [{ name: 'S' }],
      workbookRels: [['rIdP', 'pivotCacheDefinition', '../pivotCache/pivotCacheDefinition1.xml']],
      types: { 'pivotCache/pivotCacheDefinition1.xml': `${CT}.pivotCacheDefinition+xml`, 'pivotCache/pivotCacheRecords1.xml': `${CT}.pivotCacheRecords+xml` },
      parts: {
        'pivotCache/pivotCacheDefinition1.xml': def,
        'pivotCache/pivotCacheRecords1.xml': records,
        'pivotCache/_rels/pivotCacheDefinition1.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>`,
      },
    });
    const r = await scan(bytes);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.pivot_cache', severity: 'review', location: { part: 'pivotCache/pivotCacheRecords1.xml' } })]);
    expect(r.tables).toContainEqual({
      rows: [
        ['sex', 'age'],
        ['M', '34'],
        ['F', '51'],
      ],
      location: { part: 'pivotCache/pivotCacheRecords1.xml' },
    });
    expect(r.texts?.some((t) => t.text.includes('34'))).toBe(false);
  });

  it('reports comments per sheet and hands their text over at the cell', async () => {
    const comments = `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Bentley</author></authors><commentList><comment ref="B2" authorId="0"><text><r><t>check this</t></r></text></comment></commentList></comments>`;
    const r = await scan(await xlsx({ sheets: [{ name: 'S', rels: [['rId1', 'comments', '../comments1.xml']] }], parts: { 'xl/comments1.xml': comments } }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.comments', location: { sheet: 'S••••', sheetIndex: 1 } })]);
    expect(r.texts).toContainEqual({ text: 'check this', location: { sheet: 'S••••', sheetIndex: 1, cell: 'B2' } });
  });

  it('reports links to other workbooks and data connections', async () => {
    const link = '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>';
    const connections =
      '<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" name="db"><dbPr connection="Server=db1;User ID=sa;Password=hunter2"/></connection></connections>';
    const r = await scan(
      await xlsx({
        sheets: [{ name: 'S' }],
        types: { 'xl/externalLinks/externalLink1.xml': `${CT}.externalLink+xml`, 'xl/connections.xml': `${CT}.connections+xml` },
        parts: {
          'xl/externalLinks/externalLink1.xml': link,
          'xl/externalLinks/_rels/externalLink1.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/Users/ada/book1.xlsx" TargetMode="External"/></Relationships>`,
          'xl/connections.xml': connections,
        },
      }),
    );
    expect(rules(r)).toEqual(['hidden-content.data_connection', 'hidden-content.external_link']);
    expect(r.texts).toContainEqual({ text: 'Server=db1;User ID=sa;Password=hunter2', location: { part: 'xl/connections.xml', field: 'connection 1 (“d••••”)' } });
  });

  it('reports macros in a macro-enabled workbook and hands back embedded media', async () => {
    const r = await scan(await xlsx({ macro: true, sheets: [{ name: 'S' }], parts: { 'xl/vbaProject.bin': Buffer.from('vba'), 'xl/media/image1.png': Buffer.from('png') } }), XLSM);
    expect(rules(r)).toEqual(['hidden-content.macros']);
    expect(r.members?.map((m) => m.name)).toEqual(['xl/media/image1.png']);
  });

  it('reports names and dates of birth under named columns at their cells, date serials included', async () => {
    const data =
      row(1, s('A1', 0)) +
      row(3, s('A3', 1) + s('B3', 2) + s('C3', 3) + s('D3', 4)) +
      row(4, n('A4', '1') + s('B4', 5) + n('C4', '07700900123') + n('D4', '29221')) +
      row(6, n('A6', '2') + `<c r="B6" t="inlineStr"><is><t>Bob Jones</t></is></c>` + n('C6', '441632960000') + n('D6', '31000'));
    const r = await scan(await xlsx({ sheets: [{ name: 'People', data }], strings: ['Register', 'ID', 'Full Name', 'Phone', 'DOB', 'Ada Lovelace'] }));
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([
      ['pii.person_name', { sheet: 'P••••', sheetIndex: 1, cell: 'B4' }],
      ['pii.date_of_birth', { sheet: 'P••••', sheetIndex: 1, cell: 'D4' }],
      ['pii.person_name', { sheet: 'P••••', sheetIndex: 1, cell: 'B6' }],
      ['pii.date_of_birth', { sheet: 'P••••', sheetIndex: 1, cell: 'D6' }],
    ]);
  });

  it('never reads numeric cells as phone numbers, and finds nothing without a name or birth column', async () => {
    const data = row(1, s('A1', 0) + s('B1', 1) + s('C1', 2)) + row(2, s('A2', 3) + n('B2', '07700900123') + n('C2', '44197')) + row(3, s('A3', 4) + n('B3', '0.0123456789') + n('C3', '43831.5'));
    const bytes = await xlsx({ sheets: [{ name: 'Data', data }], strings: ['product_name', 'code', 'visit_date', 'Widget', 'Gadget'] });
    const entry = await scanBuffer(bytes, 'book.xlsx', ctx());
    expect(entry.findings.filter((f) => f.family === 'pii')).toEqual([]);
  });

  it('is silent on a plain workbook without properties', async () => {
    const r = await scan(await xlsx({ sheets: [{ name: 'Counts', data: row(1, n('A1', '12')) }], core: { 'dc:creator': '' } }));
    expect(r.findings).toEqual([]);
    expect(r.texts).toBeUndefined();
  });
});
