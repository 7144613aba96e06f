/** A closure checklist as the server answers it, for the web's tests. */
import type { ClosureChecklist } from '../../../../common/contracts/closure.contract';

export function checklistFixture(overrides: Partial<ClosureChecklist> = {}): ClosureChecklist {
  return {
    projectId: 'p1',
    projectStatus: 'closing',
    complete: false,
    inventory: {
      projectId: 'p1',
      outputArea: '/mnt/output',
      latest: null,
      lastComplete: {
        id: 'r1',
        state: 'done',
        requestedAt: '2030-01-01T10:00:00.000Z',
        requestedBy: null,
        startedAt: '2030-01-01T10:00:00.000Z',
        finishedAt: '2030-01-01T10:01:00.000Z',
        files: 4,
        hashed: 1,
        kept: 3,
        removed: 0,
        skipped: 0,
        unreadable: 0,
        error: null,
      },
    },
    files: { total: 4, byFate: { egressed: 2, retained: 0, discarded: 0, changed: 1, unreadable: 0, unaccounted: 1 } },
    gaps: [
      {
        code: 'closure.file_unaccounted',
        key: 'scratch/a.tmp',
        label: 'Output-area file not egressed, retained or discarded',
        detail: 'scratch/a.tmp is not egressed, retained or discarded',
        waivable: false,
      },
      { code: 'closure.file_changed', key: 'results/t.csv', label: 'Output-area file changed after it was egressed', detail: 'results/t.csv differs from version 1', waivable: false },
      { code: 'closure.link_open', key: 'link-1', label: 'Download link still open', detail: 'A download link of Report is open until 2030-01-02', waivable: true },
    ],
    gapCounts: { 'closure.file_unaccounted': 1, 'closure.file_changed': 1, 'closure.link_open': 1 },
    gapTotal: 3,
    waivers: [],
    abilities: { view: true, refreshInventory: true, markFiles: true, waive: false, close: false },
    ...overrides,
  };
}
