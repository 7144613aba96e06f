import { describe, expect, it } from 'vitest';
import { describeFates, describeInventory, groupGaps, inventoryPending, markRequestOf } from './closure-view';
import { checklistFixture } from './closure-fixtures.testing';

const time = (iso: string) => `at ${iso}`;

describe('how the closure section words the checklist', () => {
  it('describes the inventory, a run under way and a failed run', () => {
    const { inventory } = checklistFixture();
    expect(describeInventory(inventory, time)).toBe('Inventory of 4 files taken at 2030-01-01T10:01:00.000Z (1 hashed, 3 unchanged).');
    const running = { ...inventory, latest: { ...(inventory.lastComplete as NonNullable<typeof inventory.lastComplete>), id: 'r2', state: 'running' as const } };
    expect(inventoryPending(running)).toBe(true);
    expect(describeInventory(running, time)).toMatch(/A refresh is under way\.$/);
    const failed = { ...inventory, latest: { ...(inventory.lastComplete as NonNullable<typeof inventory.lastComplete>), id: 'r3', state: 'failed' as const, error: 'bucket gone' } };
    expect(describeInventory(failed, time)).toMatch(/The last refresh failed: bucket gone\.$/);
    expect(describeInventory({ ...inventory, outputArea: null }, time)).toBe('This project has no output area: there are no files to account for.');
    expect(describeInventory({ ...inventory, lastComplete: null }, time)).toBe('The output area has not been inventoried yet.');
  });

  it('lists the fates that have files, in order', () => {
    expect(describeFates(checklistFixture().files)).toBe('2 egressed · 1 changed since egress · 1 not accounted for');
    expect(describeFates({ total: 0, byFate: {} as never })).toBe('No files');
  });

  it('groups gaps by kind in the checklist order with complete counts', () => {
    const groups = groupGaps(checklistFixture({ gapCounts: { 'closure.file_unaccounted': 250, 'closure.file_changed': 1, 'closure.link_open': 1 } }));
    expect(groups.map((g) => [g.code, g.count, g.gaps.length])).toEqual([
      ['closure.file_unaccounted', 250, 1],
      ['closure.file_changed', 1, 1],
      ['closure.link_open', 1, 1],
    ]);
  });

  it('turns the marking form into a request, and asks for a reason and a selection', () => {
    expect(markRequestOf({ by: 'folder', value: ' scratch ', fate: 'discarded', reason: ' temp ' })).toEqual({ ok: true, request: { folder: 'scratch', fate: 'discarded', reason: 'temp' } });
    expect(markRequestOf({ by: 'paths', value: 'a.txt\n\n b.txt ', fate: 'retained', reason: 'r' })).toEqual({ ok: true, request: { paths: ['a.txt', 'b.txt'], fate: 'retained', reason: 'r' } });
    expect(markRequestOf({ by: 'pattern', value: '**/*.tmp', fate: 'unmarked', reason: 'oops' })).toEqual({ ok: true, request: { pattern: '**/*.tmp', fate: 'unmarked', reason: 'oops' } });
    expect(markRequestOf({ by: 'folder', value: 'x', fate: 'retained', reason: '  ' })).toEqual({ ok: false, message: 'Give a reason: it is recorded with every file marked.' });
    expect(markRequestOf({ by: 'paths', value: '\n', fate: 'retained', reason: 'r' })).toMatchObject({ ok: false });
    expect(markRequestOf({ by: 'pattern', value: ' ', fate: 'retained', reason: 'r' })).toMatchObject({ ok: false });
  });
});
