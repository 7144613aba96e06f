/**
 * Re-checking a package under the disclosure-check settings in force (docs/design.md §7;
 * docs/checks.md "Results are kept when re-checked"). For a package in review, after its
 * project's check settings or its work package's tier changed: the results of the current file
 * versions move to the superseded history (kept whole, with who, when and why), the package goes
 * back to `checking` (`package.recheck_requested`, with the reason and how many results of each
 * preset and verdict were set aside) and, once that has committed, the checks stage is queued; it
 * stores new results under the preset and parameters that apply now, then moves the package
 * back to `in_review`.
 *
 * Who may: reviewers of the package and programme or system managers, never the person who
 * submitted it nor a member of its author team, whatever other role they hold
 * (server/policies/package.policy.ts). This is the only way in: the generic transitions request
 * refuses `recheck`. Throws `validation.invalid_input` without a reason or with one over 2000
 * characters, `package.not_found` for an unknown package or one the actor cannot see,
 * `workflow.invalid_transition` when the package is not in review, `package.self_review` for the
 * submitter or an author who holds a re-checking role, `workflow.not_allowed` for others,
 * `conflict.stale_version` when it changed since `version`.
 *
 * Example: `recheckPackage(ctx, deps, id, { version: 4, reason: 'The preset is now acro' })` on
 * a package in review → status `checking`, results moved to `superseded_check_results`.
 */
import { packageRecheckRequestSchema } from '../../common/contracts/package-recheck.contract';
import type { Package } from '../../common/contracts/packages.contract';
import { lockPackageFor } from './package-access';
import { transitionPackage } from './package-lifecycle';
import { type StatusDeps, toPackage } from './packages.commands';
import { type CommandContext, inTransaction } from './context';
import { parseInput } from './parse-input';

/** Sends a package in review back through the checks stage; returns the package after the move, as the API shows it. */
export async function recheckPackage(ctx: CommandContext, deps: StatusDeps, packageId: string, input: unknown): Promise<Package> {
  const request = parseInput(packageRecheckRequestSchema, input);
  const state = await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    await transitionPackage(trx, { ...ctx, db: trx }, state, 'recheck', { version: request.version, comment: request.reason });
    return state;
  });
  await deps.startChecks(packageId, state.pkg.review_turn);
  return toPackage(ctx, state);
}
