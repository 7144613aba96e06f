/**
 * Words of project closure (docs/closure.md): what became of each output-area file, and the
 * kinds of gap that keep a project from closing. Each gap kind is also a stable error code
 * (server/domain/errors.ts): closing a project with gaps is refused with the first kind's code.
 */

/** What became of an output-area file, as the closure checklist shows it. */
export const FILE_FATES = ['egressed', 'retained', 'discarded', 'changed', 'unreadable', 'unaccounted'] as const;
export type FileFate = (typeof FILE_FATES)[number];

export const FILE_FATE_LABELS = {
  egressed: 'Egressed',
  retained: 'Retained inside',
  discarded: 'Discarded',
  changed: 'Changed since egress',
  unreadable: 'Could not be read',
  unaccounted: 'Not accounted for',
} as const satisfies Record<FileFate, string>;

/** Fates that account for a file. */
export const ACCOUNTED_FATES: readonly FileFate[] = ['egressed', 'retained', 'discarded'];

/** What a person may mark files as: retained or discarded, or `unmarked` to take a mark back. */
export const FILE_MARKS = ['retained', 'discarded', 'unmarked'] as const;
export type FileMark = (typeof FILE_MARKS)[number];

/** Every kind of gap, in the order the checklist lists them. */
export const CLOSURE_GAP_CODES = [
  'closure.inventory_missing',
  'closure.file_unaccounted',
  'closure.file_changed',
  'closure.file_unreadable',
  'closure.recommended_package_open',
  'closure.package_not_final',
  'closure.work_package_unclassified',
  'closure.storage_decision_missing',
  'closure.link_open',
] as const;
export type ClosureGapCode = (typeof CLOSURE_GAP_CODES)[number];

export const CLOSURE_GAP_LABELS = {
  'closure.inventory_missing': 'The output area has no complete inventory',
  'closure.file_unaccounted': 'Output-area file not egressed, retained or discarded',
  'closure.file_changed': 'Output-area file changed after it was egressed',
  'closure.file_unreadable': 'Output-area file could not be read to hash it',
  'closure.recommended_package_open': 'Recommended egress package not released or retained',
  'closure.package_not_final': 'Egress package not in a final state',
  'closure.work_package_unclassified': 'Work package not classified',
  'closure.storage_decision_missing': 'High-tier handover without an agreed storage decision',
  'closure.link_open': 'Download link still open',
} as const satisfies Record<ClosureGapCode, string>;

/** Gaps about files are settled by marking the files (retained or discarded), never by a waiver. */
export const FILE_GAP_CODES: readonly ClosureGapCode[] = ['closure.file_unaccounted', 'closure.file_changed', 'closure.file_unreadable'];

/** Whether a programme manager may waive a gap of this kind (every kind but the file ones). */
export const isWaivable = (code: ClosureGapCode): boolean => !FILE_GAP_CODES.includes(code);

/** The states of one inventory run. */
export const INVENTORY_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type InventoryState = (typeof INVENTORY_STATES)[number];
