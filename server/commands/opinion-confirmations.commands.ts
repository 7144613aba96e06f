/**
 * Confirming an opinion after a new file version (issue 10 §2): a classifier whose opinion
 * predates the newest output file version says it still stands. To change it instead, the
 * classification is reopened (a new round), which keeps every earlier opinion.
 */
import { confirmOpinionRequestSchema } from '../../common/contracts/work-packages.contract';
import { insertOpinionConfirmation } from '../db/opinion-confirmations.repository';
import { findPackage } from '../db/packages.repository';
import { DomainError, isDomainError } from '../domain/errors';
import { authorizeWorkPackage } from '../policies/work-package.policy';
import { lockAndLoadClassificationState, workPackageSubject } from './classification-state';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { lockPackageFor } from './package-access';
import { approveIfReady } from './package-approval';
import { parseInput } from './parse-input';

/**
 * Records that the caller's current opinion stands although an output file changed after it,
 * then lets the package be approved if that was the last thing missing. Throws
 * `classification.not_a_classifier`, `work_package.not_classified`, `classification.no_opinion`,
 * `classification.nothing_to_confirm`, `project.closed` or `work_package.not_found`.
 */
export async function confirmOpinion(ctx: CommandContext, workPackageId: string, input: unknown): Promise<void> {
  parseInput(confirmOpinionRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    // The package first, then the work package (the lock order of every command taking both).
    const pkgState = (await findPackage(trx, workPackageId))
      ? await lockPackageFor(trx, workPackageId, ctx.actor, 'view').catch((error: unknown) => {
          // Someone who cannot see the package cannot see its work package: the same answer as for an unknown id.
          throw isDomainError(error) && error.code === 'package.not_found' ? new DomainError('work_package.not_found', 'No such work package') : error;
        })
      : undefined;
    const state = await lockAndLoadClassificationState(trx, workPackageId);
    authorizeWorkPackage('confirmOpinion', workPackageSubject(state, ctx.actor));
    const wp = state.workPackage;
    await insertOpinionConfirmation(
      trx,
      { work_package_id: wp.id, round: wp.round, classifier_id: ctx.actor.userId as string, confirmed_at: nowIso(ctx) },
      auditBy(ctx, 'classification.opinion_confirmed', { type: 'work_package', id: wp.id, projectId: wp.project_id }, { round: wp.round }),
    );
    if (pkgState) await approveIfReady(trx, ctx, pkgState);
  });
}
