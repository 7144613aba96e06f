/**
 * The decisions a data provider handover at tier ≥ 2 needs before approval (DESIGN.md §6): a
 * storage decision agreed by the investigator and every DPR of the work package's datasets,
 * and a redaction decision for every flagged output. Placeholder shape (filled by that work).
 */
import type { Db, PackagesTable } from '../db/schema';

export interface HandoverDecisions {
  /** A current storage decision exists. */
  storageRecorded: boolean;
  /** Ids of people who must still agree to the current storage decision. */
  storageAgreementsMissing: string[];
  /** Current output files with a review or blocking finding and no current redaction decision. */
  flaggedWithoutRedactionDecision: number;
}

export async function loadHandoverDecisions(_db: Db, _pkg: PackagesTable): Promise<HandoverDecisions> {
  return { storageRecorded: false, storageAgreementsMissing: [], flaggedWithoutRedactionDecision: 0 };
}
