import { describe, expect, it } from 'vitest';
import { dropColumnsOperation } from './drop-columns.operation';
import { dropRowsOperation } from './drop-rows.operation';
import { recheck, run, sourceOf } from './tables.testing';

const csv = 'region\tn\tcontact\r\nNorth\t12\tada@example.org\r\nSouth\t7\t\r\n"East"\t30\tx\r\n';

describe('tables.drop_columns', () => {
  it('removes a column by name, keeping the tab dialect, quotes and CRLF, and its finding goes with it', async () => {
    const source = await sourceOf('t.tsv', csv);
    expect((await recheck(source.path)).map((f) => f.rule)).toContain('pii.email');
    const { bytes, out, outcome } = await run(dropColumnsOperation, source, { columns: ['Contact'] });
    expect(bytes.toString()).toBe('region\tn\r\nNorth\t12\r\nSouth\t7\r\n"East"\t30\r\n');
    expect(outcome.changes).toEqual([{ location: { column: 3 }, change: 'column removed' }]);
    expect((await recheck(out)).map((f) => f.rule)).not.toContain('pii.email');
  });

  it('removes a column by position, and refuses a column that is not there', async () => {
    const { bytes } = await run(dropColumnsOperation, await sourceOf('t.tsv', csv), { columns: [1] });
    expect(bytes.toString()).toBe('n\tcontact\r\n12\tada@example.org\r\n7\t\r\n30\tx\r\n');
    await expect(run(dropColumnsOperation, await sourceOf('t.tsv', csv), { columns: ['postcode'] })).rejects.toMatchObject({ code: 'redaction.invalid_parameters' });
    await expect(run(dropColumnsOperation, await sourceOf('t.tsv', csv), { columns: [9] })).rejects.toMatchObject({ code: 'redaction.invalid_parameters' });
  });
});

describe('tables.drop_rows', () => {
  it('removes rows by number, and the small count in them is no longer found', async () => {
    const source = await sourceOf('t.tsv', csv);
    expect((await recheck(source.path)).map((f) => f.rule)).toContain('sdc.small_count');
    const { bytes, out, outcome } = await run(dropRowsOperation, source, { rows: [2] });
    expect(bytes.toString()).toBe('region\tn\tcontact\r\nNorth\t12\tada@example.org\r\n"East"\t30\tx\r\n');
    expect(outcome.changes).toEqual([{ location: { row: 2 }, change: 'row removed' }]);
    expect((await recheck(out)).map((f) => f.rule)).not.toContain('sdc.small_count');
  });

  it('removes rows whose value matches, or whose count is below a number', async () => {
    const byName = await run(dropRowsOperation, await sourceOf('t.tsv', csv), { where: { column: 'region', equals: ['east'] } });
    expect(byName.bytes.toString()).toBe('region\tn\tcontact\r\nNorth\t12\tada@example.org\r\nSouth\t7\t\r\n');
    const byCount = await run(dropRowsOperation, await sourceOf('t.tsv', csv), { where: { column: 2, below: 10 } });
    expect(byCount.bytes.toString()).toBe('region\tn\tcontact\r\nNorth\t12\tada@example.org\r\n"East"\t30\tx\r\n');
  });

  it('never removes the header, and says when nothing matched', async () => {
    await expect(run(dropRowsOperation, await sourceOf('t.tsv', csv), { rows: [0] })).rejects.toMatchObject({ code: 'redaction.invalid_parameters' });
    await expect(run(dropRowsOperation, await sourceOf('t.tsv', csv), { rows: [99] })).rejects.toMatchObject({ code: 'redaction.nothing_to_change' });
  });
});
