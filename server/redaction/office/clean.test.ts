import { describe, expect, it } from 'vitest';
import { openZip } from '../../checks/families/hidden-content/zip-package';
import { officeClean } from './clean.operation';
import { dirtyDocx, dirtyOdp, dirtyOds, dirtyOdt, dirtyPptx, dirtyXlsx, extract, rulesOf, runOn, textAt } from './office-fixtures.testing';

const REMOVED = /^(hidden-content\.(comments|hidden_text|hidden_sheet|speaker_notes|pivot_cache|external_link)|metadata\.)/;

async function partNames(bytes: Buffer): Promise<string[]> {
  return (await openZip(bytes)).names;
}

describe('office.clean on a Word document', () => {
  it('removes comments, hidden text, properties and the linked image, and the checks no longer report them', async () => {
    const before = await dirtyDocx();
    expect(await rulesOf(before, 'report.docx')).toEqual([
      'hidden-content.comments',
      'hidden-content.external_link',
      'hidden-content.hidden_text',
      'metadata.custom_property',
      'metadata.document_author',
      'metadata.document_author',
      'metadata.document_company',
    ]);
    const { bytes, outcome } = await runOn(officeClean, before, 'report.docx', {});
    expect(await rulesOf(bytes, 'report.docx')).toEqual([]);
    expect(outcome.notes).toBeUndefined();
    expect(outcome.changes.map((c) => c.change)).toContain('removed 1 comment');
    // The body text is the same but for the hidden run.
    expect(textAt(await extract(before, 'report.docx'), { part: 'word/document.xml' })).toEqual([
      'file:///C:/Users/jsmith/photo.jpg',
      'Results of the study\nVisible secret note\nTable 1 shows counts.',
    ]);
    expect(textAt(await extract(bytes, 'report.docx'), { part: 'word/document.xml' })).toEqual(['Results of the study\nVisible \nTable 1 shows counts.']);
    const parts = await partNames(bytes);
    expect(parts).not.toContain('word/comments.xml');
    expect(parts).not.toContain('docProps/custom.xml');
    const zip = await openZip(bytes);
    expect(await zip.text('[Content_Types].xml')).not.toContain('comments');
    expect(await zip.text('word/_rels/document.xml.rels')).not.toMatch(/comments|jsmith/);
    expect(await zip.text('_rels/.rels')).not.toContain('custom');
    expect(await zip.text('word/document.xml')).not.toMatch(/commentRange|commentReference|secret/);
  });

  it('removes only what it is asked to, and says which asked-for content a Word file cannot hold', async () => {
    const { bytes, outcome } = await runOn(officeClean, await dirtyDocx(), 'report.docx', { remove: ['comments', 'speaker_notes'] });
    expect(await rulesOf(bytes, 'report.docx')).toEqual([
      'hidden-content.external_link',
      'hidden-content.hidden_text',
      'metadata.custom_property',
      'metadata.document_author',
      'metadata.document_author',
      'metadata.document_company',
    ]);
    expect(outcome.notes).toEqual([expect.stringMatching(/^Skipped speaker notes/)]);
  });

  it('writes the same bytes for the same input and parameters', async () => {
    const input = await dirtyDocx();
    const a = await runOn(officeClean, input, 'report.docx', {});
    const b = await runOn(officeClean, input, 'report.docx', {});
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });
});

describe('office.clean on an Excel workbook', () => {
  it('removes hidden sheets, comments, the pivot cache, the workbook link and properties; visible cells stay', async () => {
    const before = await dirtyXlsx();
    const rulesBefore = await rulesOf(before, 'book.xlsx');
    expect(rulesBefore.filter((r) => REMOVED.test(r))).toEqual([
      'hidden-content.comments',
      'hidden-content.external_link',
      'hidden-content.hidden_sheet',
      'hidden-content.hidden_sheet',
      'hidden-content.pivot_cache',
      'metadata.document_author',
    ]);
    const { bytes } = await runOn(officeClean, before, 'book.xlsx', {});
    const rulesAfter = await rulesOf(bytes, 'book.xlsx');
    expect(rulesAfter.filter((r) => REMOVED.test(r))).toEqual([]);
    // The visible sheet reads cell for cell as before.
    const tableBefore = (await extract(before, 'book.xlsx')).tables[0];
    const tableAfter = (await extract(bytes, 'book.xlsx')).tables;
    expect(tableAfter).toHaveLength(1);
    expect(tableAfter[0]).toEqual(tableBefore);
    const zip = await openZip(bytes);
    const workbook = (await zip.text('xl/workbook.xml')) ?? '';
    expect(workbook).not.toMatch(/Raw|Secret|pivotCache|externalReference/);
    expect(workbook).toContain('<definedName name="Total">Summary!$B$2</definedName>');
    const summary = (await zip.text('xl/worksheets/sheet1.xml')) ?? '';
    // Formulas reading the removed sheet or the other workbook keep their value; others stay formulas.
    expect(summary).toContain('<c r="A3"><v>40</v></c>');
    expect(summary).toContain('<c r="B3"><v>7</v></c>');
    expect(summary).toContain('<f>B2*2</f>');
    expect(summary).not.toContain('legacyDrawing');
    expect(zip.names.filter((n) => /pivot|externalLink|comments|vml|sheet2|sheet3/i.test(n))).toEqual([]);
    const types = (await zip.text('[Content_Types].xml')) ?? '';
    expect(types).not.toMatch(/pivot|externalLink|comments|sheet2|sheet3/);
  });

  it('renumbers sheet-scoped names and the active tab when a sheet before them goes', async () => {
    const { bytes } = await runOn(officeClean, await dirtyXlsx(), 'book.xlsx', { remove: ['hidden_sheets'] });
    const workbook = (await (await openZip(bytes)).text('xl/workbook.xml')) ?? '';
    expect(workbook).not.toContain('localSheetId');
    expect(workbook).toContain('activeTab="0"');
    expect((await rulesOf(bytes, 'book.xlsx')).filter((r) => r === 'hidden-content.hidden_sheet')).toEqual([]);
  });
});

describe('office.clean on a PowerPoint presentation', () => {
  it('removes speaker notes, comments with their authors and properties; slide text stays', async () => {
    const before = await dirtyPptx();
    expect(await rulesOf(before, 'deck.pptx')).toEqual(['hidden-content.comments', 'hidden-content.speaker_notes', 'metadata.document_author']);
    const { bytes } = await runOn(officeClean, before, 'deck.pptx', {});
    expect(await rulesOf(bytes, 'deck.pptx')).toEqual([]);
    const slides = (x: Awaited<ReturnType<typeof extract>>) => x.texts.filter((t) => /slides\/slide/.test(t.location.part ?? ''));
    expect(slides(await extract(bytes, 'deck.pptx'))).toEqual(slides(await extract(before, 'deck.pptx')));
    const names = (await openZip(bytes)).names;
    expect(names.filter((n) => /notesSlide|comment/i.test(n))).toEqual([]);
    expect(names).toContain('ppt/slideMasters/slideMaster1.xml');
  });
});

describe('office.clean on OpenDocument files', () => {
  it('removes comments, hidden text and meta.xml properties from a text, keeping tracked changes for their own operation', async () => {
    const before = await dirtyOdt();
    const { bytes } = await runOn(officeClean, before, 'notes.odt', {});
    expect(await rulesOf(bytes, 'notes.odt')).toEqual(['hidden-content.tracked_changes']);
    expect(textAt(await extract(bytes, 'notes.odt'), { part: 'content.xml' })).toEqual(['The effect was statistically significant.\nVisible\nResults table\nAfter the field']);
    const zip = await openZip(bytes);
    expect(zip.names[0]).toBe('mimetype');
    expect(zip.names).not.toContain('Thumbnails/thumbnail.png');
    expect(await zip.text('META-INF/manifest.xml')).not.toContain('Thumbnails');
    const meta = (await zip.text('meta.xml')) ?? '';
    expect(meta).not.toMatch(/Ada|X-42|Draft/);
    expect(meta).toContain('<meta:generator>');
  });

  it('removes a hidden sheet of a spreadsheet, turning the formula that read it into its value', async () => {
    const before = await dirtyOds();
    expect(await rulesOf(before, 'sheet.ods')).toContain('hidden-content.hidden_sheet');
    const { bytes } = await runOn(officeClean, before, 'sheet.ods', {});
    expect((await rulesOf(bytes, 'sheet.ods')).filter((r) => REMOVED.test(r))).toEqual([]);
    const after = await extract(bytes, 'sheet.ods');
    expect(after.tables).toEqual([(await extract(before, 'sheet.ods')).tables[0]]);
    const content = (await (await openZip(bytes)).text('content.xml')) ?? '';
    expect(content).not.toMatch(/Raw|Jane|table:formula/);
    expect(content).toContain('office:value="40"');
  });

  it('removes speaker notes from a presentation; slide text stays', async () => {
    const before = await dirtyOdp();
    expect(await rulesOf(before, 'slides.odp')).toContain('hidden-content.speaker_notes');
    const { bytes } = await runOn(officeClean, before, 'slides.odp', {});
    expect(await rulesOf(bytes, 'slides.odp')).toEqual([]);
    expect((await extract(bytes, 'slides.odp')).texts).toEqual([
      { text: 'Key results', location: { part: 'content.xml', page: 1 } },
      { text: 'Next steps', location: { part: 'content.xml', page: 2 } },
    ]);
  });
});
