/**
 * The findings of one stored check result, flattened: the file's own findings (entry path `''`)
 * and those of every archive member at any depth (entry path: the member's path), each with its
 * stable key (finding-key.ts). What answers to findings are matched against.
 *
 * Example: a zip whose member `a/t.csv` has a small count → `[{ key: '…', rule: 'sdc.min_count', entryPath: 'a/t.csv', … }]`.
 */
import type { FindingStanding } from '../../../common/contracts/finding-responses.contract';
import type { Finding, ScannedEntry } from '../../../common/contracts/scan.contract';
import { findingKey } from './finding-key';

export interface KeyedFinding {
  key: string;
  entryPath: string;
  finding: Finding;
}

/** Every finding of the result, the file's own first, then each entry's in order (depth first). */
export function findingsOfResult(result: ScannedEntry): KeyedFinding[] {
  const out: KeyedFinding[] = [];
  const walk = (entry: ScannedEntry, entryPath: string): void => {
    for (const finding of entry.findings) out.push({ key: findingKey(finding.rule, entryPath, finding.location), entryPath, finding });
    for (const child of entry.entries) walk(child, child.path);
  };
  walk(result, '');
  return out;
}

/** The first finding of the result with this key, or undefined. */
export function findFindingByKey(result: ScannedEntry, key: string): KeyedFinding | undefined {
  return findingsOfResult(result).find((f) => f.key === key);
}

/**
 * The standing of a finding given its live answers (DESIGN.md §7; issue 10 §4): a blocking
 * finding is `overridden` once a reviewer overrode it, otherwise `refused` or
 * `exception_requested` after whichever of the authors' request and a reviewer's refusal came
 * last, otherwise `open`; a review-level finding is `acknowledged` once a reviewer acknowledged it.
 */
/** One live answer, as the standing needs it: its kind and when it was given (ISO time), oldest first. */
export interface LiveAnswer {
  kind: string;
  at: string;
}

/** The standing of a finding of `severity` from its live (not withdrawn) answers in the order they were given. */
export function standingOf(severity: string, answers: readonly LiveAnswer[]): FindingStanding {
  if (severity === 'block' && answers.some((a) => a.kind === 'override')) return 'overridden';
  if (severity === 'review' && answers.some((a) => a.kind === 'acknowledgement')) return 'acknowledged';
  const last = answers.filter((a) => a.kind === 'exception_request' || a.kind === 'refusal').at(-1);
  if (last?.kind === 'refusal') return 'refused';
  if (last?.kind === 'exception_request') return 'exception_requested';
  return 'open';
}
