/** A file's verdict: the worst severity among its findings and its entries' verdicts; info does not count. */
import type { ScannedEntry } from '../../../common/contracts/scan.contract';
import type { Verdict } from '../../../common/vocab/findings';
import type { Finding } from './types';

const RANK = { pass: 0, review: 1, block: 2 } as const satisfies Record<Verdict, number>;

export function verdictOf(findings: Finding[], entries: ScannedEntry[], unreadable: boolean): Verdict {
  let worst: Verdict = unreadable ? 'review' : 'pass';
  for (const f of findings) {
    const v: Verdict = f.severity === 'info' ? 'pass' : f.severity;
    if (RANK[v] > RANK[worst]) worst = v;
  }
  for (const e of entries) if (RANK[e.verdict] > RANK[worst]) worst = e.verdict;
  return worst;
}

/** Keeps reports readable: at most `max` findings per file, then one finding saying how many more. */
export function capFindings(findings: Finding[], max = 500): Finding[] {
  if (findings.length <= max) return findings;
  const kept = findings.slice(0, max);
  const worst = findings.slice(max).some((f) => f.severity === 'block') ? 'block' : 'review';
  kept.push({ family: 'filetype', rule: 'filetype.findings_truncated', severity: worst, message: `${findings.length - max} more findings were not listed` });
  return kept;
}
