import { describe, expect, it } from 'vitest';
import { openZip } from '../../checks/families/hidden-content/zip-package';
import { dirtyOdt, extract, rulesOf, runOn, textAt, trackedDocx } from './office-fixtures.testing';
import { officeTrackedChanges } from './tracked-changes.operation';

describe('office.tracked_changes on a Word document', () => {
  it('accepting keeps insertions, drops deletions with the deleted paragraph, and leaves no reviser', async () => {
    const before = await trackedDocx();
    expect(await rulesOf(before, 'tracked.docx')).toEqual(['hidden-content.tracked_changes', 'pii.nhs_number']);
    const { bytes, outcome } = await runOn(officeTrackedChanges, before, 'tracked.docx', { action: 'accept' });
    expect(await rulesOf(bytes, 'tracked.docx')).toEqual([]);
    expect((await extract(bytes, 'tracked.docx')).texts).toEqual([{ text: 'The effect was statistically significant.\nFormatted', location: { part: 'word/document.xml' } }]);
    const xml = (await (await openZip(bytes)).text('word/document.xml')) ?? '';
    expect(xml).not.toMatch(/Ann Reviser|w:ins|w:del|rPrChange/);
    expect(xml).toContain('<w:rPr><w:b/></w:rPr>');
    expect(outcome.changeCount).toBe(1);
  });

  it('rejecting drops insertions and restores deleted text and earlier formatting', async () => {
    const { bytes } = await runOn(officeTrackedChanges, await trackedDocx(), 'tracked.docx', { action: 'reject' });
    // The restored deletion holds the NHS number again: the checks report it as ordinary text now.
    expect(await rulesOf(bytes, 'tracked.docx')).toEqual(['pii.nhs_number']);
    expect(textAt(await extract(bytes, 'tracked.docx'), { part: 'word/document.xml' })).toEqual(['The effect was not significant.\nJane Doe, NHS 943 476 5919\nFormatted']);
    const xml = (await (await openZip(bytes)).text('word/document.xml')) ?? '';
    expect(xml).not.toMatch(/Ann Reviser|delText|rPrChange/);
    expect(xml).toContain('<w:rPr><w:i/></w:rPr>');
  });
});

describe('office.tracked_changes on an OpenDocument text', () => {
  it('accepting keeps the insertion and drops the stored deletion', async () => {
    const { bytes } = await runOn(officeTrackedChanges, await dirtyOdt(), 'notes.odt', { action: 'accept' });
    const rules = await rulesOf(bytes, 'notes.odt');
    expect(rules).not.toContain('hidden-content.tracked_changes');
    const after = await extract(bytes, 'notes.odt');
    expect(textAt(after, { part: 'content.xml' })[0]).toMatch(/^The effect was statistically significant\.\n/);
    expect(textAt(after, { part: 'content.xml', field: 'deleted text' })).toEqual([]);
  });

  it('rejecting removes the insertion and puts the deleted words back in place', async () => {
    const { bytes } = await runOn(officeTrackedChanges, await dirtyOdt(), 'notes.odt', { action: 'reject' });
    expect(await rulesOf(bytes, 'notes.odt')).not.toContain('hidden-content.tracked_changes');
    expect(textAt(await extract(bytes, 'notes.odt'), { part: 'content.xml' })[0]).toMatch(/^The effect was not significant\.\n/);
    expect((await (await openZip(bytes)).text('content.xml')) ?? '').not.toMatch(/Ann Reviser|change-start|tracked-changes/);
  });

  it('rejecting an insertion that spans two paragraphs joins what is left of them', async () => {
    const { odf } = await import('./office-fixtures.testing');
    const body =
      '<text:tracked-changes><text:changed-region text:id="c1"><text:insertion><office:change-info><dc:creator>A</dc:creator></office:change-info></text:insertion></text:changed-region></text:tracked-changes>' +
      '<text:p>Keep <text:change-start text:change-id="c1"/>new one</text:p><text:p>new two<text:change-end text:change-id="c1"/> end</text:p><text:p>Last</text:p>';
    const { bytes } = await runOn(officeTrackedChanges, await odf('text', body), 'two.odt', { action: 'reject' });
    expect(textAt(await extract(bytes, 'two.odt'), { part: 'content.xml' })).toEqual(['Keep  end\nLast']);
  });
});
