import { describe, expect, it } from 'vitest';
import { columnName } from '../../checks/families/hidden-content/sheet-scan';
import { dropColumnsOperation } from './drop-columns.operation';
import { dropRowsOperation } from './drop-rows.operation';
import { countsOds, n, odsContent, odsOf, odsSheets, row, s, sheet, zipEntries } from './ods.testing';
import { roundOperation } from './round.operation';
import { suppressOperation } from './suppress.operation';
import { contextOf, recheck, recoverWithheld, run, sourceOf, type TableShape } from './tables.testing';

const MARKER = '[REDACTED]';

/** A sheet's rows as the checks read them, without the empty row that marks the sheet's empty tail. */
async function rowsOf(bytes: Buffer, index = 0): Promise<string[][]> {
  const rows = (await odsSheets(bytes))[index]!.rows;
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}

/** The rules the checks report on a result. */
async function rulesAfter(out: string): Promise<string[]> {
  return (await recheck(out)).map((f) => f.rule);
}

/** Every zip entry but content.xml is the same, in the same order, with `mimetype` first and stored. */
async function expectOtherEntriesKept(before: Buffer, after: Buffer): Promise<void> {
  const a = await zipEntries(before);
  const b = await zipEntries(after);
  expect(b.map((e) => e.name)).toEqual(a.map((e) => e.name));
  expect(b[0]).toMatchObject({ name: 'mimetype', method: 0 });
  for (const [i, entry] of a.entries()) {
    if (entry.name === 'content.xml') continue;
    expect(b[i]!.data.equals(entry.data), entry.name).toBe(true);
    expect(b[i]!.time, entry.name).toBe(entry.time);
  }
}

describe('table operations on an ODS spreadsheet', () => {
  it('suppresses with secondary suppression: flagged before, clean after, nothing recoverable, every other cell and part unchanged', async () => {
    const original = await countsOds();
    const source = await sourceOf('counts.ods', original);
    expect(suppressOperation.supports(source)).toBe(true);
    expect(await rulesAfter(source.path)).toContain('sdc.small_count');
    const { out, bytes, outcome } = await run(suppressOperation, source, {});

    expect(outcome.changes[0]).toEqual({ location: { sheetIndex: 1, cell: 'B3' }, change: 'suppressed (primary)' });
    expect(outcome.changes.filter((c) => c.change === 'suppressed (secondary)').length).toBeGreaterThan(0);
    const [before, after] = [(await odsSheets(original))[0]!, (await odsSheets(bytes))[0]!];
    expect(after.rowNumbers).toEqual(before.rowNumbers);
    const listed = new Set(outcome.changes.map((c) => c.location!.cell));
    expect(listed.size).toBe(outcome.changeCount);
    before.rows.forEach((cells, r) =>
      cells.forEach((cell, c) => {
        const ref = `${columnName(c)}${before.rowNumbers[r]}`;
        expect(after.rows[r]![c], ref).toBe(listed.has(ref) ? MARKER : cell);
      }),
    );
    const shape: TableShape = { totalColumns: new Map([[3, [1, 2]]]), totalRows: new Map([[7, [2, 3, 4, 5, 6]]]), rows: [2, 3, 4, 5, 6, 7], columns: [1, 2, 3] };
    expect(recoverWithheld(after.rows, shape, MARKER)).toEqual([]);
    // The same table with only the small count withheld gives it away.
    const naive = before.rows.map((cells, r) => cells.map((cell, c) => (r === 2 && c === 1 ? MARKER : cell)));
    expect(recoverWithheld(naive, shape, MARKER)).not.toEqual([]);

    const rules = await rulesAfter(out);
    expect(rules).not.toContain('sdc.small_count');
    expect(rules).not.toContain('sdc.recoverable_by_subtraction');
    await expectOtherEntriesKept(original, bytes);
    const xml = await odsContent(bytes);
    // The bold count keeps its style; the grand total keeps its value and loses its formula (it would recompute from withheld cells).
    expect(xml).toContain(`<table:table-cell table:style-name="ce1" office:value-type="string" calcext:value-type="string"><text:p>${MARKER}</text:p></table:table-cell>`);
    expect(xml).not.toContain('table:formula');
    expect(xml).toContain('office:value="187"');
    expect(await rowsOf(bytes, 1)).toEqual([['Source', 'hospital episodes']]);
    // Everything before the first row (styles, column widths) is as it was.
    const original_xml = await odsContent(original);
    const head = original_xml.indexOf('<table:table-row');
    expect(xml.slice(0, head)).toBe(original_xml.slice(0, head));
  });

  it('rounds counts, splitting a repeated row and a repeated cell only where they change', async () => {
    const original = await countsOds();
    const { out, bytes, outcome } = await run(roundOperation, await sourceOf('counts.ods', original), { base: 10 });
    const [before, after] = [await rowsOf(original), await rowsOf(bytes)];
    expect(after.slice(1)).toEqual([
      ['region', 'outpatient', 'inpatient', 'Total'],
      ['North', '0', '30', '30'],
      ['South', '30', '40', '70'],
      ['East', '20', '20', '40'],
      ['Other', '10', '10', '20'],
      ['Other', '10', '10', '20'],
      ['Total', '70', '120', '190'],
    ]);
    expect(after[0]).toEqual(before[0]);
    expect(outcome.changes).toContainEqual({ location: { sheetIndex: 1, cell: 'B6' }, change: 'rounded to base 10' });
    const xml = await odsContent(bytes);
    // The rewritten number cell keeps its type and style; the repeated "Other" row is now two rows, its repeated cell two cells.
    expect(xml).toContain('<table:table-cell table:style-name="ce1" office:value-type="float" office:value="0" calcext:value-type="float"><text:p>0</text:p></table:table-cell>');
    expect(xml).not.toContain('table:number-rows-repeated="2"');
    expect(xml.match(/<text:p>Other<\/text:p>/g)).toHaveLength(2);
    expect(xml).toContain('table:number-rows-repeated="1048560"');
    expect(await rulesAfter(out)).not.toContain('sdc.unrounded');
    await expectOtherEntriesKept(original, bytes);
  });

  it('drops a column by name, shrinking the merged title and the column definitions', async () => {
    const original = await countsOds();
    const { bytes, outcome } = await run(dropColumnsOperation, await sourceOf('counts.ods', original), { columns: ['inpatient'], sheets: [1] });
    expect(outcome.changes).toEqual([{ location: { sheetIndex: 1, column: 3 }, change: 'column removed' }]);
    const after = await rowsOf(bytes);
    expect(after[1]).toEqual(['region', 'outpatient', 'Total']);
    expect(after[5]).toEqual(['Other', '12', '24']);
    const xml = await odsContent(bytes);
    expect(xml).toContain('table:number-columns-spanned="3"');
    expect(xml).toContain('<table:covered-table-cell table:number-columns-repeated="2"/>');
    expect(xml).toContain('table:style-name="co2" table:number-columns-repeated="1022"');
    expect(await rowsOf(bytes, 1)).toEqual([['Source', 'hospital episodes']]);
  });

  it('drops one row out of a repeated run, and rows by content', async () => {
    const original = await countsOds();
    const byNumber = await run(dropRowsOperation, await sourceOf('counts.ods', original), { rows: [6], sheets: [1] });
    expect((await rowsOf(byNumber.bytes)).map((r) => r[0])).toEqual(['Admissions by region', 'region', 'North', 'South', 'East', 'Other', 'Total']);
    const byContent = await run(dropRowsOperation, await sourceOf('counts.ods', original), { where: { column: 'region', equals: ['south'] }, sheets: [1] });
    expect((await rowsOf(byContent.bytes)).map((r) => r[0])).toEqual(['Admissions by region', 'region', 'North', 'East', 'Other', 'Other', 'Total']);
  });

  it('suppresses a count held in a covered cell, and a count inside a repeated run of cells', async () => {
    const rows =
      row(s('region') + s('a') + s('b') + s('c') + s('d')) +
      row(
        s('North') +
          n(40, ' table:number-columns-spanned="2" table:number-rows-spanned="1"') +
          '<table:covered-table-cell office:value-type="float" office:value="3" calcext:value-type="float"><text:p>3</text:p></table:covered-table-cell>' +
          n(50) +
          n(60),
      ) +
      row(s('South') + n(70, ' table:number-columns-repeated="2"') + n(5, ' table:number-columns-repeated="2"'));
    const original = await odsOf(sheet('Small', rows));
    const { bytes } = await run(suppressOperation, await sourceOf('small.ods', original), { threshold: 10 });
    expect(await rowsOf(bytes)).toEqual([
      ['region', 'a', 'b', 'c', 'd'],
      ['North', '40', MARKER, '50', '60'],
      ['South', '70', '70', MARKER, MARKER],
    ]);
    const xml = await odsContent(bytes);
    expect(xml).toContain(`<table:covered-table-cell office:value-type="string" calcext:value-type="string"><text:p>${MARKER}</text:p></table:covered-table-cell>`);
    expect(xml).toContain('table:number-columns-repeated="2" office:value-type="float" office:value="70"');
  });
});

describe('table operations refuse a bad ODS with a stable code', () => {
  it('refuses a spreadsheet that is not a zip, or has no content.xml, as unparseable', async () => {
    const broken = { ...(await sourceOf('broken.ods', 'PK\u0003\u0004 not really a zip')), mediaType: 'application/vnd.oasis.opendocument.spreadsheet' };
    await expect(run(suppressOperation, broken, {})).rejects.toMatchObject({ code: 'redaction.unparseable' });
    const bytes = await countsOds();
    const truncated = bytes.toString('latin1').replaceAll('content.xml', 'content.xmx');
    const empty = { ...(await sourceOf('empty.ods', Buffer.from(truncated, 'latin1'))), mediaType: 'application/vnd.oasis.opendocument.spreadsheet' };
    await expect(run(roundOperation, empty, {})).rejects.toMatchObject({ code: 'redaction.unparseable' });
  });

  it('refuses content.xml that is not well-formed as unparseable', async () => {
    const bad = await odsOf(sheet('Counts', row(s('region') + s('n')) + row(s('North') + n(3)).replace('<text:p>3', '<text:p 3')));
    await expect(run(suppressOperation, await sourceOf('bad.ods', bad), {})).rejects.toMatchObject({ code: 'redaction.unparseable' });
  });

  it('refuses a spreadsheet whose content is above the memory budget as too large', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(s(`area ${i}`) + n(i % 50))).join('');
    const source = await sourceOf('big.ods', await odsOf(sheet('Big', row(s('region') + s('n')) + rows)));
    await expect(run(suppressOperation, source, {}, contextOf(undefined, 256 * 1024))).rejects.toMatchObject({ code: 'redaction.too_large' });
  });
});
