import { describe, expect, it } from 'vitest';
import { roundOperation } from './round.operation';
import { suppressOperation } from './suppress.operation';
import { contextOf, run, sourceOf } from './tables.testing';

describe('table operations refuse bad input with a stable code', () => {
  it('refuses a format they do not read', async () => {
    const source = await sourceOf('notes.txt', 'just some words\n');
    expect(suppressOperation.supports(source)).toBe(false);
    await expect(run(suppressOperation, source, {})).rejects.toMatchObject({ code: 'redaction.unsupported_format' });
  });

  it('takes OpenDocument spreadsheets, but refuses other OpenDocument files as unsupported', async () => {
    expect(suppressOperation.supports({ name: 'counts.ods', mediaType: 'application/vnd.oasis.opendocument.spreadsheet' })).toBe(true);
    const source = { path: '/nonexistent.odt', name: 'notes.odt', bytes: 10, mediaType: 'application/vnd.oasis.opendocument.text' };
    expect(suppressOperation.supports(source)).toBe(false);
    await expect(suppressOperation.apply(source, suppressOperation.parameters.parse({}), '/tmp/never', contextOf())).rejects.toMatchObject({ code: 'redaction.unsupported_format' });
  });

  it('refuses a CSV that ends inside a quoted field as unparseable', async () => {
    await expect(run(suppressOperation, await sourceOf('bad.csv', 'region,n\nNorth,3\n"South,4\n'), {})).rejects.toMatchObject({ code: 'redaction.unparseable' });
  });

  it('refuses a workbook that is not a zip as unparseable', async () => {
    const source = { ...(await sourceOf('broken.xlsx', 'PK\u0003\u0004 not really a zip')), mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    await expect(run(roundOperation, source, {})).rejects.toMatchObject({ code: 'redaction.unparseable' });
  });

  it('refuses a workbook whose sheet is above the memory budget', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Big');
    ws.addRow(['region', 'n']);
    for (let i = 0; i < 2000; i++) ws.addRow([`area ${i}`, i % 50]);
    const source = await sourceOf('big.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await expect(run(suppressOperation, source, {}, contextOf(undefined, 256 * 1024))).rejects.toMatchObject({ code: 'redaction.too_large' });
  });

  it('refuses a table too long to hold whole when rows add up others', async () => {
    const rows = Array.from({ length: 2100 }, (_, i) => `area ${i},${i % 40},${(i % 40) + 20}`);
    const total = `Total,${rows.reduce((s, r) => s + Number(r.split(',')[1]), 0)},0`;
    const source = await sourceOf('long.csv', `area,n,population\n${rows.join('\n')}\n${total}\n`);
    await expect(run(suppressOperation, source, {})).rejects.toMatchObject({ code: 'redaction.too_large' });
  });

  it('suppresses a long table without total rows row by row, against its total column', async () => {
    const rows = Array.from({ length: 2100 }, (_, i) => {
      const a = i % 13;
      const b = 20 + (i % 7);
      return `area ${i},${a},${b},${a + b}`;
    });
    const source = await sourceOf('long.csv', `area,n_male,n_female,total\n${rows.join('\n')}\n`);
    const { bytes, outcome } = await run(suppressOperation, source, {});
    const out = bytes.toString().split('\n');
    // Row 1 is 'area 0,0,20,20': ACRO withholds the zero, and the row total would give it away.
    expect(out[1]).toBe('area 0,[REDACTED],[REDACTED],20');
    expect(out[11]).toBe('area 10,10,23,33');
    expect(outcome.notes?.[0]).toMatch(/row by row/);
  });
});
