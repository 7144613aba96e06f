/**
 * Pure helpers of the "Closure" section: how the inventory, the files' fates and the gaps read
 * to people, and the marking form turned into a request. The server decides every gap and
 * ability; nothing here re-derives a rule.
 */
import type { ClosureChecklist, InventoryStatus, MarkClosureFilesRequest } from '../../../../common/contracts/closure.contract';
import { CLOSURE_GAP_CODES, CLOSURE_GAP_LABELS, type ClosureGapCode, FILE_FATES, FILE_FATE_LABELS, type FileFate } from '../../../../common/vocab/closure';

/** Whether an inventory run is queued or running. */
export function inventoryPending(inventory: InventoryStatus): boolean {
  return inventory.latest !== null && (inventory.latest.state === 'queued' || inventory.latest.state === 'running');
}

/** One line about the inventory: what it covers and how fresh it is. */
export function describeInventory(inventory: InventoryStatus, formatTime: (iso: string) => string): string {
  if (inventory.outputArea === null) return 'This project has no output area: there are no files to account for.';
  const parts: string[] = [];
  const done = inventory.lastComplete;
  parts.push(
    done
      ? `Inventory of ${done.files} file${done.files === 1 ? '' : 's'} taken ${formatTime(done.finishedAt ?? done.requestedAt)} (${done.hashed} hashed, ${done.kept} unchanged).`
      : 'The output area has not been inventoried yet.',
  );
  if (inventory.latest && inventoryPending(inventory)) parts.push('A refresh is under way.');
  else if (inventory.latest?.state === 'failed') parts.push(`The last refresh failed: ${inventory.latest.error ?? 'unknown error'}.`);
  return parts.join(' ');
}

/** "3 egressed · 1 retained inside · 2 not accounted for": the fates that have files, in order. */
export function describeFates(files: ClosureChecklist['files']): string {
  const parts = FILE_FATES.filter((f) => (files.byFate[f] ?? 0) > 0).map((f: FileFate) => `${files.byFate[f]} ${FILE_FATE_LABELS[f].toLowerCase()}`);
  return parts.length === 0 ? 'No files' : parts.join(' · ');
}

export interface GapGroup {
  code: ClosureGapCode;
  label: string;
  /** Every gap of the kind, not only the ones listed. */
  count: number;
  gaps: ClosureChecklist['gaps'];
}

/** The gaps grouped by kind, in the checklist's order, with the complete count of each. */
export function groupGaps(checklist: ClosureChecklist): GapGroup[] {
  return CLOSURE_GAP_CODES.filter((code) => (checklist.gapCounts[code] ?? 0) > 0).map((code) => ({
    code,
    label: CLOSURE_GAP_LABELS[code],
    count: checklist.gapCounts[code] ?? 0,
    gaps: checklist.gaps.filter((g) => g.code === code),
  }));
}

export interface MarkForm {
  by: 'folder' | 'pattern' | 'paths';
  /** The folder, the pattern, or one path a line. */
  value: string;
  fate: MarkClosureFilesRequest['fate'];
  reason: string;
}

/** The request of the marking form, or what is missing. */
export function markRequestOf(form: MarkForm): { ok: true; request: MarkClosureFilesRequest } | { ok: false; message: string } {
  const reason = form.reason.trim();
  if (reason === '') return { ok: false, message: 'Give a reason: it is recorded with every file marked.' };
  if (form.by === 'paths') {
    const paths = form.value
      .split('\n')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (paths.length === 0) return { ok: false, message: 'List at least one path.' };
    return { ok: true, request: { paths, fate: form.fate, reason } };
  }
  if (form.by === 'pattern') {
    if (form.value.trim() === '') return { ok: false, message: 'Give a pattern, e.g. scratch/**/*.tmp' };
    return { ok: true, request: { pattern: form.value.trim(), fate: form.fate, reason } };
  }
  return { ok: true, request: { folder: form.value.trim(), fate: form.fate, reason } };
}
