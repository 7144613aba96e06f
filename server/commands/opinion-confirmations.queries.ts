/**
 * Classifiers who must confirm or revise their opinion before approval, because a new file
 * version arrived after the work package was classified (issue 10 §2): what the approval guard
 * `opinions_confirmed` reads. Placeholder shape (filled by the classification-integrity work):
 * nobody has anything to confirm.
 */
import type { Db } from '../db/schema';

/** Ids of the classifiers of the work package who still have to confirm or revise their opinion. */
export async function loadOpinionsToConfirm(_db: Db, _workPackageId: string): Promise<string[]> {
  return [];
}
