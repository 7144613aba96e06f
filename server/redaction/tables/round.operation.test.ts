import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../checks/shared/presets';
import { roundCount } from './rounding';
import { roundOperation } from './round.operation';
import { contextOf, parseCsv, recheck, run, sourceOf } from './tables.testing';

describe('rounding rules', () => {
  it('rounds to the nearest multiple of the base, halves up', () => {
    expect([0, 2, 3, 7, 8, 12, 13].map((v) => roundCount(v, { method: 'nearest', base: 5 }))).toEqual([0, 0, 5, 5, 10, 10, 15]);
    expect(roundCount(5, { method: 'nearest', base: 10 })).toBe(10);
  });

  it('rounds to the midpoint of each band of six (OpenSAFELY roundmid_any(x, 6))', () => {
    expect([0, 1, 6, 7, 12, 13].map((v) => roundCount(v, { method: 'midpoint6' }))).toEqual([0, 3, 3, 9, 9, 15]);
  });
});

describe('tables.round on a CSV', () => {
  const csv = 'group,n,note\r\nA,12,"first, and only"\r\nB,23,x\r\nC,40,y\r\n';

  it('removes the unrounded finding of the OpenSAFELY preset, and changes only count cells', async () => {
    const source = await sourceOf('g.csv', csv);
    expect((await recheck(source.path, PRESETS.opensafely)).map((f) => f.rule)).toContain('sdc.unrounded');
    const { outcome, bytes, out } = await run(roundOperation, source, {}, contextOf(PRESETS.opensafely));
    expect(bytes.toString()).toBe('group,n,note\r\nA,10,"first, and only"\r\nB,25,x\r\nC,40,y\r\n');
    expect(outcome.changes).toEqual([
      { location: { row: 1, column: 2 }, change: 'rounded to base 5' },
      { location: { row: 2, column: 2 }, change: 'rounded to base 5' },
    ]);
    expect((await recheck(out, PRESETS.opensafely)).map((f) => f.rule)).not.toContain('sdc.unrounded');
  });

  it('rounds by midpoint 6, which the re-check accepts', async () => {
    const source = await sourceOf('g.csv', csv);
    const { out, bytes } = await run(roundOperation, source, { method: 'midpoint6' }, contextOf(PRESETS.opensafely));
    expect(parseCsv(bytes.toString()).map((row) => row[1])).toEqual(['n', '9', '21', '39']);
    expect((await recheck(out, PRESETS.opensafely)).map((f) => f.rule)).not.toContain('sdc.unrounded');
  });

  it('takes a base from the parameters, and refuses a base with midpoint 6', async () => {
    const { bytes } = await run(roundOperation, await sourceOf('g.csv', csv), { base: 10 });
    expect(parseCsv(bytes.toString()).map((row) => row[1])).toEqual(['n', '10', '20', '40']);
    expect(roundOperation.parameters.safeParse({ method: 'midpoint6', base: 5 }).success).toBe(false);
  });
});
