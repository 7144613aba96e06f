/**
 * Approval is the system's move (docs/design.md §5.4): made in the same transaction as the last
 * change that makes every guard of `in_review → approved` true, exactly once (the caller holds
 * the package's row lock, so two last changes cannot both see the package in review).
 *
 * Every command that can complete a guard (a file decision, a submitted review, an override or
 * acknowledgement, a sign-off, a storage or redaction decision, a confirmation of an opinion)
 * calls `approveIfReady` with the package locked, after its own change.
 */
import { signOffStanding } from '../../common/workflow/package-facts';
import { evaluateGuards } from '../../common/workflow/package.guards';
import type { Tx } from '../db/schema';
import type { PackageState } from './package-access';
import { loadPackageFacts } from './package-facts.queries';
import { transitionPackage } from './package-lifecycle';
import { type CommandContext, systemActor } from './context';

/**
 * Approves the package when it is in review and every guard of `approve` holds: the system's
 * move through transitionPackage, audited as `package.approved` with the digest and the
 * sign-offs that count, in the caller's transaction. Answers whether it approved; `state` is
 * updated with the approved package.
 */
export async function approveIfReady(trx: Tx, ctx: CommandContext, state: PackageState): Promise<boolean> {
  if (state.pkg.status !== 'in_review') return false;
  // Every tier that lets outputs leave needs sign-offs (the tier policy refuses one that does not),
  // so without a live sign-off the guards cannot hold: one cheap query instead of every fact.
  const live = await trx.selectFrom('sign_offs').select('id').where('package_id', '=', state.pkg.id).where('voided_at', 'is', null).limit(1).executeTakeFirst();
  if (!live) return false;
  const facts = await loadPackageFacts(trx, state);
  if (!evaluateGuards('approve', facts).ok) return false;
  const system: CommandContext = { ...ctx, db: trx, actor: systemActor('system') };
  const asSystem: PackageState = {
    ...state,
    role: null,
    subject: { ...state.subject, actor: system.actor, role: null, isDprOfWorkPackage: false, reviewerStanding: null, isSubmitter: false, isAuthor: false },
  };
  const present = signOffStanding(facts).present.map((s) => ({ id: s.id, userId: s.userId, role: s.role }));
  await transitionPackage(trx, system, asSystem, 'approve', { facts, audit: { digest: facts.signOffs.digest, signOffs: present } });
  state.pkg = asSystem.pkg;
  state.subject.status = asSystem.subject.status;
  return true;
}
