/**
 * Voiding a package's sign-offs visibly when what they were bound to changes (issue 10 §5): every
 * command that changes an input of the content digest calls `voidSignOffsFor` in its own
 * transaction. The sign-offs stay in the history, voided with the cause, and one audit event
 * `package.sign_offs_voided` records how many and why (nothing is written when none was live).
 *
 * Causes (stable words): `file_version_added`, `file_taken_out`, `file_role_changed`,
 * `context_edited`, `destination_changed`, `item_removed`, `item_reinstated`, `removal_outcome_changed`, `resubmitted`,
 * `package_withdrawn`, `classification_reopened`, `redaction_accepted` (a signer taking back their own
 * sign-off is `withdrawn`, in sign-offs.commands.ts).
 */
import type { PackagesTable, Tx } from '../db/schema';
import { appendAudit } from '../db/audit.repository';
import { voidSignOffs } from '../db/sign-offs.repository';
import { type CommandContext, auditBy, nowIso } from './context';

export type SignOffVoidCause =
  | 'file_version_added'
  | 'file_taken_out'
  | 'file_role_changed'
  | 'context_edited'
  | 'destination_changed'
  | 'item_removed'
  | 'item_reinstated'
  | 'removal_outcome_changed'
  | 'resubmitted'
  | 'package_withdrawn'
  | 'classification_reopened'
  | 'redaction_accepted';

/** Voids every live sign-off of the package with `cause` and audits it; answers how many were voided. */
export async function voidSignOffsFor(trx: Tx, ctx: CommandContext, pkg: Pick<PackagesTable, 'id' | 'project_id'>, cause: SignOffVoidCause, extra: Record<string, unknown> = {}): Promise<number> {
  const count = await voidSignOffs(trx, pkg.id, cause, nowIso(ctx));
  if (count > 0) await appendAudit(trx, auditBy(ctx, 'package.sign_offs_voided', { type: 'package', id: pkg.id, projectId: pkg.project_id }, { count, cause, ...extra }));
  return count;
}
