import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dropColumnsOperation } from './drop-columns.operation';
import { roundOperation } from './round.operation';
import { suppressOperation } from './suppress.operation';
import { recheck, recoverWithheld, run, sourceOf } from './tables.testing';

/** A workbook with a styled cross-tabulation (totals in both directions, a formula total) and a second sheet. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Counts');
  ws.addRow(['region', 'outpatient', 'inpatient', 'Total']);
  ws.addRow(['North', 4, 30, 34]);
  ws.addRow(['South', 25, 40, 65]);
  ws.addRow(['East', 18, 22, 40]);
  ws.addRow(['Total', 47, 92, { formula: 'SUM(D2:D4)', result: 139 }]);
  ws.getCell('B2').font = { bold: true };
  ws.getCell('C3').numFmt = '#,##0';
  ws.getColumn(1).width = 24;
  wb.addWorksheet('Notes').addRow(['Source', 'hospital episodes']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function cells(bytes: Buffer): Promise<{ wb: ExcelJS.Workbook; grid: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const grid: string[][] = [];
  wb.getWorksheet('Counts')!.eachRow((row, r) => {
    grid[r - 1] = [1, 2, 3, 4].map((c) => {
      const v = row.getCell(c).value;
      return v !== null && typeof v === 'object' && 'result' in v ? String(v.result) : String(v);
    });
  });
  return { wb, grid };
}

describe('table operations on an XLSX workbook', () => {
  it('suppresses with secondary suppression, keeps styles and the other sheet, and the re-check is clean', async () => {
    const source = await sourceOf('counts.xlsx', await workbook());
    expect((await recheck(source.path)).map((f) => f.rule)).toContain('sdc.small_count');
    const { out, bytes, outcome } = await run(suppressOperation, source, {});
    const { wb, grid } = await cells(bytes);
    const before = (await cells(await workbook())).grid;
    expect(grid[1]![1]).toBe('[REDACTED]');
    expect(outcome.changes[0]).toEqual({ location: { sheetIndex: 1, cell: 'B2' }, change: 'suppressed (primary)' });
    expect(outcome.changes.filter((c) => c.change === 'suppressed (secondary)').length).toBeGreaterThan(0);
    const listed = new Set(outcome.changes.map((c) => c.location!.cell));
    before.forEach((row, r) => row.forEach((cell, c) => expect(grid[r]![c]).toBe(listed.has(`${'ABCD'[c]}${r + 1}`) ? '[REDACTED]' : cell)));
    const shape = { totalColumns: new Map([[3, [1, 2]]]), totalRows: new Map([[4, [1, 2, 3]]]), rows: [1, 2, 3, 4], columns: [1, 2, 3] };
    expect(recoverWithheld(grid, shape, '[REDACTED]')).toEqual([]);
    const sheet = wb.getWorksheet('Counts')!;
    expect(sheet.getCell('B2').font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(24);
    expect(wb.getWorksheet('Notes')!.getCell('B1').value).toBe('hospital episodes');
    expect((await recheck(out)).map((f) => f.rule)).not.toContain('sdc.small_count');
  });

  it('rounds counts, keeping the number format', async () => {
    const { bytes, out } = await run(roundOperation, await sourceOf('counts.xlsx', await workbook()), { base: 10 });
    const { wb, grid } = await cells(bytes);
    expect(grid[2]).toEqual(['South', '30', '40', '70']);
    expect(wb.getWorksheet('Counts')!.getCell('C3').numFmt).toBe('#,##0');
    expect((await recheck(out)).map((f) => f.rule)).not.toContain('sdc.small_count');
  });

  it('drops a column by name', async () => {
    const { bytes } = await run(dropColumnsOperation, await sourceOf('counts.xlsx', await workbook()), { columns: ['inpatient'], sheets: [1] });
    const { grid } = await cells(bytes);
    expect(grid[0]!.slice(0, 3)).toEqual(['region', 'outpatient', 'Total']);
  });
});
