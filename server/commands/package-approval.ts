/**
 * Approval is the system's move (DESIGN.md §5.1): made in the same transaction as the last
 * change that makes every guard of `in_review → approved` true, exactly once.
 *
 * Every command that can complete a guard (a file decision, a submitted review, an override or
 * acknowledgement, a sign-off, a storage or redaction decision, a confirmation of an opinion)
 * calls `approveIfReady` with the package locked, after its own change.
 */
import type { Tx } from '../db/schema';
import type { PackageState } from './package-access';
import type { CommandContext } from './context';

/** Approves the package when every guard holds; answers whether it did. Placeholder until the guards land. */
export async function approveIfReady(_trx: Tx, _ctx: CommandContext, _state: PackageState): Promise<boolean> {
  return false;
}
