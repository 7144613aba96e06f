import { describe, expect, it } from 'vitest';
import { newSheetEdits, rewriteOdsContent, setCell } from './ods-rewrite';

const wrap = (rows: string) => `<office:spreadsheet><table:table table:name="S">${rows}</table:table></office:spreadsheet>`;

describe('rewriteOdsContent', () => {
  it('splits a repeated row and a repeated cell only around the changed cell, keeping styles and every other byte', () => {
    const head = '<table:table-row><table:table-cell office:value-type="string"><text:p>k</text:p></table:table-cell></table:table-row>';
    const run =
      '<table:table-row table:style-name="ro1" table:number-rows-repeated="4"><table:table-cell table:style-name="ce1" table:number-columns-repeated="3" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>';
    const edits = newSheetEdits();
    setCell(edits, 3, 1, { text: 'x' });
    const out = rewriteOdsContent(wrap(head + run), new Map([[1, edits]]));
    const seven = (repeat: string) => `<table:table-cell table:style-name="ce1"${repeat} office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>`;
    expect(out).toBe(
      wrap(
        head +
          `<table:table-row table:style-name="ro1">${seven(' table:number-columns-repeated="3"')}</table:table-row>` +
          `<table:table-row table:style-name="ro1">${seven('')}<table:table-cell table:style-name="ce1" office:value-type="string"><text:p>x</text:p></table:table-cell>${seven('')}</table:table-row>` +
          `<table:table-row table:style-name="ro1" table:number-rows-repeated="2">${seven(' table:number-columns-repeated="3"')}</table:table-row>`,
      ),
    );
  });

  it('leaves content.xml byte for byte when a sheet has no change, and the other sheets alone', () => {
    const xml = wrap('<table:table-row><table:table-cell office:value-type="float" office:value="3"/></table:table-row>');
    expect(rewriteOdsContent(xml, new Map([[1, newSheetEdits()]]))).toBe(xml);
    const edits = newSheetEdits();
    setCell(edits, 1, 0, { count: 5 });
    expect(rewriteOdsContent(xml, new Map([[2, edits]]))).toBe(xml);
    expect(rewriteOdsContent(xml, new Map([[1, edits]]))).toBe(
      wrap('<table:table-row><table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell></table:table-row>'),
    );
  });
});
