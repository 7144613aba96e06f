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
 * The standing of a finding given its live answers (docs/design.md §7; issue 10 §4): a blocking
 * finding is `overridden` once a reviewer overrode it; otherwise `refused` when a reviewer
 * refused the pending exception request, `exception_requested` while the authors' request
 * waits, `open` without either. A review-level finding is `acknowledged` once a reviewer
 * acknowledged it. Order does not matter: a new request withdraws the refusals of the earlier one.
 */
export function standingOf(severity: string, liveKinds: readonly { kind: string }[]): FindingStanding {
  const has = (kind: string) => liveKinds.some((a) => a.kind === kind);
  if (severity === 'block' && has('override')) return 'overridden';
  if (severity === 'review' && has('acknowledgement')) return 'acknowledged';
  if (has('exception_request')) return has('refusal') ? 'refused' : 'exception_requested';
  return 'open';
}
