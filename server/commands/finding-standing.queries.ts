/**
 * Which findings of a package's current file versions are still open: what the approval guards
 * read. Placeholder shape (filled by the findings-response work).
 */
import type { Db, PackagesTable } from '../db/schema';

export interface FindingStanding {
  /** Blocking findings of current, not removed output files with no override from a reviewer outside the author team. */
  unresolvedBlocking: number;
  /** Review-level findings of those files that no reviewer has acknowledged. */
  unacknowledgedReview: number;
}

export async function loadFindingStanding(_db: Db, _pkg: PackagesTable): Promise<FindingStanding> {
  return { unresolvedBlocking: 0, unacknowledgedReview: 0 };
}
