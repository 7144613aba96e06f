import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { documentHandlers } from './index';
import { zipParts } from './documents.testing';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"';
const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });

async function odf(kind: 'text' | 'spreadsheet', body: string, extra: { styles?: string; meta?: string; manifest?: string; parts?: Record<string, string> } = {}): Promise<Extracted> {
  const mediaType = `application/vnd.oasis.opendocument.${kind}`;
  const bytes = await zipParts({
    mimetype: mediaType,
    'META-INF/manifest.xml': `<manifest:manifest ${NS}><manifest:file-entry manifest:full-path="/" manifest:media-type="${mediaType}"/>${extra.manifest ?? ''}</manifest:manifest>`,
    'content.xml': `<office:document-content ${NS}><office:automatic-styles>${extra.styles ?? ''}</office:automatic-styles><office:body><office:${kind}>${body}</office:${kind}></office:body></office:document-content>`,
    ...(extra.meta ? { 'meta.xml': `<office:document-meta ${NS}><office:meta>${extra.meta}</office:meta></office:document-meta>` } : {}),
    ...extra.parts,
  });
  const file: FileInfo = { path: 'x', name: 'x', bytes: bytes.length, mediaType };
  const handler = documentHandlers.find((h) => h.matches(file));
  if (!handler) throw new Error('no handler');
  const result = await handler.extract(bytes, file, ctx());
  // Every finding must fit the scan record's contract (rule pattern, location keys).
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}

const rules = (r: Extracted) => r.findings.map((f) => f.rule).sort();

describe('OpenDocument files', () => {
  it('is silent on a clean text document and hands its paragraphs over', async () => {
    const r = await odf('text', '<text:p>Results</text:p><text:h>Table<text:s text:c="2"/>1</text:h>');
    expect(r.findings).toEqual([]);
    expect(r.texts).toEqual([{ text: 'Results\nTable  1', location: { part: 'content.xml' } }]);
  });

  it('reports comments, tracked changes with deleted text, and hidden text', async () => {
    const body =
      '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>A</dc:creator></office:change-info><text:p>Jane Doe 943 476 5919</text:p></text:deletion></text:changed-region></text:tracked-changes>' +
      '<text:p>Body<office:annotation><dc:creator>Max</dc:creator><text:p>check this</text:p></office:annotation></text:p><text:p><text:hidden-text text:string-value="x">secret</text:hidden-text></text:p>';
    const r = await odf('text', body);
    expect(rules(r)).toEqual(['hidden-content.comments', 'hidden-content.hidden_text', 'hidden-content.tracked_changes']);
    expect(r.texts).toContainEqual({ text: 'Jane Doe 943 476 5919', location: { part: 'content.xml', field: 'deleted text' } });
    expect(r.texts).toContainEqual({ text: 'check this', location: { part: 'content.xml', field: 'comments' } });
  });

  it('reports the initial creator and custom properties from meta.xml', async () => {
    const r = await odf('text', '<text:p>x</text:p>', { meta: '<meta:initial-creator>Ada Lovelace</meta:initial-creator><meta:user-defined meta:name="Reviewer">Bob</meta:user-defined>' });
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([
      ['metadata.document_author', { part: 'meta.xml', field: 'initial-creator' }],
      ['metadata.custom_property', { part: 'meta.xml', field: 'R••••' }],
    ]);
  });

  it('turns sheets into tables without expanding empty repeats, and reports hidden sheets, rows and columns', async () => {
    const styles = '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>';
    const sheet =
      '<table:table table:name="Data"><table:table-column table:visibility="collapse"/><table:table-column table:number-columns-repeated="1023"/>' +
      '<table:table-row><table:table-cell office:value-type="string"><text:p>name</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="44197"/><table:table-cell table:number-columns-repeated="1022"/></table:table-row>' +
      '<table:table-row table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>Ada</text:p></table:table-cell></table:table-row>' +
      '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>' +
      '<table:table table:name="Raw" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>';
    const r = await odf('spreadsheet', sheet, { styles });
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([
      ['hidden-content.hidden_rows', { sheet: 'D••••', sheetIndex: 1 }],
      ['hidden-content.hidden_columns', { sheet: 'D••••', sheetIndex: 1 }],
      ['hidden-content.hidden_sheet', { sheet: 'R••••', sheetIndex: 2 }],
    ]);
    expect(r.tables).toEqual([
      { rows: [['name', '44197'], ['Ada'], []], location: { sheet: 'D••••', sheetIndex: 1 } },
      { rows: [['1']], location: { sheet: 'R••••', sheetIndex: 2 } },
    ]);
    expect(r.texts).toEqual([
      { text: 'name', location: { sheet: 'D••••', sheetIndex: 1, cell: 'A1' } },
      { text: 'Ada', location: { sheet: 'D••••', sheetIndex: 1, cell: 'A2' } },
    ]);
  });

  it('reports names and dates of birth under named columns at their cells, counting repeated and empty rows', async () => {
    const str = (t: string) => `<table:table-cell office:value-type="string"><text:p>${t}</text:p></table:table-cell>`;
    const num = (v: string) => `<table:table-cell office:value-type="float" office:value="${v}"/>`;
    const date = (v: string) => `<table:table-cell office:value-type="date" office:date-value="${v}"/>`;
    const sheet =
      '<table:table table:name="People">' +
      `<table:table-row>${str('surname')}${str('date_of_birth')}${str('phone')}</table:table-row>` +
      '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>' +
      `<table:table-row>${str('Lovelace')}${date('1980-12-10')}${num('7700900123')}</table:table-row>` +
      `<table:table-row>${str('n/a')}${num('0.25')}${num('7700900124')}</table:table-row></table:table>`;
    const r = await odf('spreadsheet', sheet);
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([
      ['pii.person_name', { sheet: 'P••••', sheetIndex: 1, cell: 'A4' }],
      ['pii.date_of_birth', { sheet: 'P••••', sheetIndex: 1, cell: 'B4' }],
    ]);
  });

  it('refuses a sheet whose repeated non-empty cells exceed the cell budget', async () => {
    const sheet =
      '<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>';
    expect((await odf('spreadsheet', sheet)).unreadable).toMatch(/more than 2000000 cells/);
  });

  it('marks an encrypted package as unreadable: encrypted', async () => {
    const manifest = '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>';
    expect((await odf('text', '<text:p>x</text:p>', { manifest })).unreadable).toBe('encrypted document; cannot be inspected');
  });

  it('reports embedded objects and macros but not charts', async () => {
    const manifest =
      '<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.chart"/><manifest:file-entry manifest:full-path="Object 2/" manifest:media-type="application/vnd.oasis.opendocument.text"/>';
    const parts = { 'Object 1/content.xml': '<x/>', 'Object 2/content.xml': '<x/>', 'Basic/Standard/Module1.xml': '<script/>' };
    const r = await odf('text', '<text:p>x</text:p>', { manifest, parts });
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([
      // A Basic library and module are named by the document's author: the part name is masked.
      ['hidden-content.macros', { part: 'B••••.xml' }],
      ['hidden-content.embedded_object', { part: 'Object 2/' }],
    ]);
    expect(r.members?.map((m) => m.name).sort()).toEqual(['Object 1/content.xml', 'Object 2/content.xml']);
  });
});
