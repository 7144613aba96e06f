/** Sign-offs bound to a package's content digest (docs/design.md §5.4). Never deleted: voided with a cause. */
import { type AuditInput, appendAudit } from './audit.repository';
import type { Db, SignOffsTable, Tx } from './schema';

/** Voids every live sign-off of the package, recording the cause; answers how many were voided. */
export async function voidSignOffs(trx: Tx, packageId: string, cause: string, at: string): Promise<number> {
  const result = await trx.updateTable('sign_offs').set({ voided_at: at, void_cause: cause }).where('package_id', '=', packageId).where('voided_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Records a sign-off with its audit event. */
export async function insertSignOff(trx: Tx, row: SignOffsTable, audit: AuditInput): Promise<void> {
  await trx.insertInto('sign_offs').values(row).execute();
  await appendAudit(trx, audit);
}

/** Voids one live sign-off (its signer withdrew it) with its audit event; false when it was no longer live. */
export async function voidSignOff(trx: Tx, id: string, cause: string, at: string, audit: AuditInput): Promise<boolean> {
  const result = await trx.updateTable('sign_offs').set({ voided_at: at, void_cause: cause }).where('id', '=', id).where('voided_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await appendAudit(trx, audit);
  return true;
}

export interface SignOffRow extends SignOffsTable {
  user_name: string;
}

/** Every sign-off of the package, live and voided, oldest first, with the signer's name. */
export async function listSignOffs(db: Db, packageId: string): Promise<SignOffRow[]> {
  return db
    .selectFrom('sign_offs')
    .innerJoin('users', 'users.id', 'sign_offs.user_id')
    .selectAll('sign_offs')
    .select('users.name as user_name')
    .where('sign_offs.package_id', '=', packageId)
    .orderBy('sign_offs.signed_at')
    .orderBy('sign_offs.id')
    .execute();
}

/** The live sign-offs of the package. */
export async function listLiveSignOffs(db: Db, packageId: string): Promise<SignOffsTable[]> {
  return db.selectFrom('sign_offs').selectAll().where('package_id', '=', packageId).where('voided_at', 'is', null).orderBy('signed_at').execute();
}

/** Whether the reviewer has submitted their review of the turn (the review_submissions table of the review work). */
export async function hasSubmittedReview(db: Db, packageId: string, turn: number, reviewerId: string): Promise<boolean> {
  const row = await db.selectFrom('review_submissions').select('id').where('package_id', '=', packageId).where('turn', '=', turn).where('reviewer_id', '=', reviewerId).executeTakeFirst();
  return row !== undefined;
}
