/**
 * Who must still confirm their opinion on a work package since a newer output file version
 * (issue 10 §2; the rule is in server/domain/classification/opinion-confirmation.ts). The
 * approval guards read it: a package is not approved while anyone is listed.
 */
import type { Db } from '../db/schema';
import { loadClassificationState } from './classification-state';

/** User ids of the classifiers who must confirm (or, by reopening, revise) their opinion; empty when none. */
export async function loadOpinionsToConfirm(db: Db, workPackageId: string): Promise<string[]> {
  return (await loadClassificationState(db, workPackageId)).toConfirm;
}
