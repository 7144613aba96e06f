/**
 * Which findings of a package's current file versions are still open: what the approval guards
 * read (issue 10 §4). Three queries whatever the number of files: the flagged results of the
 * current versions of outputs (not taken out, not temporarily removed), and the live overrides
 * and acknowledgements by people outside the author team. Supporting files are never released,
 * so their findings do not hold approval back; a finding fixed by a new version disappears with
 * the old version's result.
 */
import { listFlaggedResults, listResolvedKeys } from '../db/finding-responses.repository';
import type { Db, PackagesTable } from '../db/schema';
import { findingsOfResult } from '../domain/review/result-findings';
import type { ScannedEntry } from '../../common/contracts/scan.contract';

export interface FindingStanding {
  /** Blocking findings of current, not removed output files with no override from a reviewer outside the author team. */
  unresolvedBlocking: number;
  /** Review-level findings of those files that no reviewer has acknowledged. */
  unacknowledgedReview: number;
}

/** Counts the blocking findings not overridden and the review-level findings not acknowledged, of the package's current outputs. */
export async function loadFindingStanding(db: Db, pkg: PackagesTable): Promise<FindingStanding> {
  const results = await listFlaggedResults(db, pkg.id, { outputsOnly: true });
  if (results.length === 0) return { unresolvedBlocking: 0, unacknowledgedReview: 0 };
  const overridden = await listResolvedKeys(db, pkg.id, 'override');
  const acknowledged = await listResolvedKeys(db, pkg.id, 'acknowledgement');
  const standing: FindingStanding = { unresolvedBlocking: 0, unacknowledgedReview: 0 };
  for (const row of results) {
    for (const { key, finding } of findingsOfResult(JSON.parse(row.result) as ScannedEntry)) {
      const id = `${row.file_version_id}|${key}`;
      if (finding.severity === 'block' && !overridden.has(id)) standing.unresolvedBlocking++;
      else if (finding.severity === 'review' && !acknowledged.has(id)) standing.unacknowledgedReview++;
    }
  }
  return standing;
}
