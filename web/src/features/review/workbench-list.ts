/**
 * The workbench's file list (pure, no React): each file of the review summary joined with its
 * check verdict and open findings, the filters (all / needs my decision / flagged), stepping
 * to the next or previous file, and the progress line.
 */
import type { ReviewFile, ReviewSummary } from '../../../../common/contracts/reviews.contract';
import type { Verdict } from '../../../../common/vocab/findings';

export const FILE_FILTERS = ['all', 'undecided', 'flagged'] as const;
export type FileFilter = (typeof FILE_FILTERS)[number];

export const FILE_FILTER_LABELS = { all: 'All', undecided: 'To decide', flagged: 'Flagged' } as const satisfies Record<FileFilter, string>;

/** A file as the list shows it. */
export interface WorkbenchFile extends ReviewFile {
  /** The current version's check verdict; null while unknown (not checked, or not loaded yet). */
  verdict: Verdict | null;
  /** The check could not read the file: a reviewer must look by hand. */
  unreadable: boolean;
  /** Blocking and review-level findings still waiting for an answer (open or with an exception requested). */
  openFindings: number;
}

/** Flagged: the check asks for a look (review or block, or could not read it), or findings wait for an answer. */
export function isFlagged(file: WorkbenchFile): boolean {
  return file.verdict === 'review' || file.verdict === 'block' || file.unreadable || file.openFindings > 0;
}

/** The caller still has to decide on it (an output still in the package without their decision). */
export function needsMyDecision(file: Pick<ReviewFile, 'needsDecision' | 'myDecision'>): boolean {
  return file.needsDecision && file.myDecision === null;
}

/** The files a filter keeps, in the summary's order. */
export function filterFiles(files: WorkbenchFile[], filter: FileFilter): WorkbenchFile[] {
  if (filter === 'undecided') return files.filter(needsMyDecision);
  if (filter === 'flagged') return files.filter(isFlagged);
  return files;
}

/**
 * The file `delta` steps from the selected one within `list` (no wrap: the ends stay put). When
 * the selected file is not in the list (a filter hid it), the next step lands on the first file
 * after it in `order` (the unfiltered list), or the last one before it going back.
 */
export function stepSelection(list: { fileId: string }[], selected: string | null, delta: 1 | -1, order: { fileId: string }[] = list): string | null {
  if (list.length === 0) return selected;
  const at = selected === null ? -1 : list.findIndex((f) => f.fileId === selected);
  if (at >= 0) return (list[Math.min(list.length - 1, Math.max(0, at + delta))] as { fileId: string }).fileId;
  if (selected === null) return (list[delta === 1 ? 0 : list.length - 1] as { fileId: string }).fileId;
  const position = new Map(order.map((f, i) => [f.fileId, i]));
  const here = position.get(selected) ?? -1;
  const candidates = list.filter((f) => (delta === 1 ? (position.get(f.fileId) ?? -1) > here : (position.get(f.fileId) ?? -1) < here));
  const pick = delta === 1 ? candidates[0] : candidates.at(-1);
  return pick ? pick.fileId : selected;
}

/** Where to go after deciding on `current`: the next file after it still needing the caller's decision, else the next file, else stay. */
export function nextAfterDecision(files: WorkbenchFile[], current: string): string {
  const at = files.findIndex((f) => f.fileId === current);
  const after = files.slice(at + 1);
  const waiting = after.find((f) => f.fileId !== current && needsMyDecision(f)) ?? files.slice(0, Math.max(0, at)).find(needsMyDecision);
  return waiting?.fileId ?? after[0]?.fileId ?? current;
}

export interface Progress {
  decided: number;
  total: number;
  remaining: number;
  /** "Decided 3 of 5" */
  label: string;
  /** Why "Submit review" is disabled, or null when it may be pressed. */
  submitBlocked: string | null;
}

/** The reviewer's progress through the outputs of the turn. */
export function progressOf(summary: Pick<ReviewSummary, 'counts' | 'submittedAt' | 'abilities'>): Progress {
  const { needDecision: total, decidedByMe: decided, remainingForMe: remaining } = summary.counts;
  const label = `Decided ${decided} of ${total}`;
  let submitBlocked: string | null = null;
  if (summary.submittedAt) submitBlocked = 'You have submitted your review of this turn.';
  else if (remaining > 0) submitBlocked = `${remaining} ${remaining === 1 ? 'output needs' : 'outputs need'} your decision before you can submit.`;
  else if (!summary.abilities.submitReview) submitBlocked = 'You cannot submit a review of this package now.';
  return { decided, total, remaining, label, submitBlocked };
}
