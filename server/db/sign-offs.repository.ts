/** Sign-offs bound to a package's content digest (DESIGN.md §4). Never deleted: voided with a cause. */
import type { Tx } from './schema';

/** Voids every live sign-off of the package, recording the cause; answers how many were voided. */
export async function voidSignOffs(trx: Tx, packageId: string, cause: string, at: string): Promise<number> {
  const result = await trx
    .updateTable('sign_offs')
    .set({ voided_at: at, void_cause: cause })
    .where('package_id', '=', packageId)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
