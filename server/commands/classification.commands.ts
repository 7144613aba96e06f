/**
 * Classification use cases: submitting and revising opinions, approving referees, recording
 * the dispute discussion, applying the highest-tier rule and reopening. After each change
 * the consensus rules are re-run and the status moves only through `transitionWorkPackage`.
 * Reopening also undoes what the classification allowed on the egress package: its sign-offs
 * are voided and an approved package goes back to review (issue 10 §2).
 */
import { voidSignOffsFor } from './sign-offs.void';
import { submitOpinionRequestSchema, discussionRequestSchema, reopenRequestSchema, resolveDisputeRequestSchema, approveRefereeRequestSchema } from '../../common/contracts/work-packages.contract';
import { type ClassificationTrigger, findClassificationTransition } from '../../common/workflow/classification.workflow';
import type { ClassificationStatus } from '../../common/vocab/statuses';
import type { Tier } from '../../common/vocab/tiers';
import { insertDiscussionEntry, insertOpinion, insertRefereeApproval, insertReopening } from '../db/classification.repository';
import { findPackage } from '../db/packages.repository';
import { findQuestionSetById, findCurrentTierPolicy } from '../db/question-sets.repository';
import type { Tx, WorkPackagesTable } from '../db/schema';
import { listWorkPackages, updateWorkPackage } from '../db/work-packages.repository';
import { toGraph, verifyPath } from '../domain/classification/question-set';
import type { ConsensusOutcome } from '../domain/classification/consensus';
import { findContradictions } from '../domain/classification/findings-in-view';
import { DomainError } from '../domain/errors';
import { authorizeWorkPackage } from '../policies/work-package.policy';
import { classifierRole, lockAndLoadClassificationState, opinionInFormerRole, requireVersion, workPackageSubject } from './classification-state';
import { type CommandContext, auditBy, inTransaction, nowIso, systemActor } from './context';
import { notifyWaiting } from './notification-events';
import { loadFindingsInView } from './findings-in-view.queries';
import { lockPackageFor } from './package-access';
import { transitionPackage } from './package-lifecycle';
import { parseInput } from './parse-input';

const STATUS_FOR_OUTCOME = {
  none: 'unclassified',
  incomplete: 'classifying',
  agreed: 'classified',
  disputed: 'disputed',
} as const satisfies Record<ConsensusOutcome, ClassificationStatus>;

/**
 * The only writer of a work package's classification status. Refuses a move the workflow
 * table does not list (`workflow.invalid_transition`) or a stale version
 * (`conflict.stale_version`); writes the audit event named by the table in the same transaction.
 */
export async function transitionWorkPackage(
  trx: Tx,
  ctx: CommandContext,
  wp: WorkPackagesTable,
  to: ClassificationStatus,
  trigger: ClassificationTrigger,
  changes: Partial<Pick<WorkPackagesTable, 'tier' | 'round' | 'resolution' | 'classified_at' | 'policy_version'>>,
  summary: Record<string, unknown> = {},
): Promise<WorkPackagesTable> {
  const from = wp.status;
  const transition = findClassificationTransition(from, to, trigger);
  if (!transition) {
    throw new DomainError('workflow.invalid_transition', `A work package cannot move from ${from} to ${to} by ${trigger.replaceAll('_', ' ')}`, { from, to, trigger });
  }
  return updateWorkPackage(trx, wp.id, wp.version, { status: to, ...changes }, auditBy(ctx, transition.event, { type: 'work_package', id: wp.id, projectId: wp.project_id }, { from, to, ...summary }));
}

/** Re-runs the consensus rules on one work package and moves its status if the outcome changed. */
export async function settleClassification(trx: Tx, ctx: CommandContext, workPackageId: string): Promise<void> {
  const state = await lockAndLoadClassificationState(trx, workPackageId);
  const wp = state.workPackage;
  if (wp.status === 'classified') return;
  const { consensus } = state;
  const to = STATUS_FOR_OUTCOME[consensus.outcome];
  if (to === wp.status) return;
  if (to === 'classified') {
    const policy = await findCurrentTierPolicy(trx);
    await transitionWorkPackage(
      trx,
      ctx,
      wp,
      to,
      'recompute',
      { tier: consensus.tier as Tier, resolution: 'agreement', classified_at: nowIso(ctx), policy_version: policy.version },
      { tier: consensus.tier, policyVersion: policy.version, opinions: consensus.counted.length },
    );
  } else {
    await transitionWorkPackage(trx, ctx, wp, to, 'recompute', {});
  }
}

/** Re-runs the rules on every unclassified, classifying or disputed work package of a project. */
export async function settleProjectClassifications(trx: Tx, ctx: CommandContext, projectId: string): Promise<void> {
  for (const wp of await listWorkPackages(trx, projectId)) {
    if (wp.status !== 'classified') await settleClassification(trx, ctx, wp.id);
  }
}

/**
 * Records the caller's opinion (or a revision of it, when `revisesOpinionId` names their
 * current opinion). The server re-walks the path against the project's question set and
 * derives the tier itself. An answer that contradicts the egress package's findings needs an
 * `explanation`, stored with the opinion. Throws `classification.not_a_classifier`,
 * `classification.opinion_exists`, `classification.no_opinion`, `classification.invalid_path`,
 * `classification.explanation_required`, `work_package.no_datasets`, `work_package.classified`
 * or `conflict.stale_version`.
 */
export async function submitOpinion(ctx: CommandContext, workPackageId: string, input: unknown): Promise<void> {
  const request = parseInput(submitOpinionRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockAndLoadClassificationState(trx, workPackageId);
    const subject = workPackageSubject(state, ctx.actor);
    authorizeWorkPackage(request.revisesOpinionId ? 'revise' : 'classify', subject);
    const role = classifierRole(state, ctx.actor.userId);
    const setRow = await findQuestionSetById(trx, state.project.question_set_id);
    if (!setRow || !role || !ctx.actor.userId) throw new DomainError('question_set.not_found', 'The project has no question set');
    const tier = verifyPath(toGraph(JSON.parse(setRow.definition)), request.path);
    const wp = state.workPackage;
    const findings = await loadFindingsInView(trx, wp, state.pkg);
    const contradictions = findContradictions(request.path, findings?.families ?? []);
    if (contradictions.length > 0 && request.explanation === undefined) {
      throw new DomainError(
        'classification.explanation_required',
        `Your answers contradict the package's findings: ${contradictions.map((c) => c.message).join('; ')}. Explain why your answers stand.`,
        { contradictions },
      );
    }
    const formerRole = opinionInFormerRole(state, ctx.actor.userId);
    await insertOpinion(
      trx,
      {
        workPackageId: wp.id,
        classifierId: ctx.actor.userId,
        role,
        round: wp.round,
        questionSetId: setRow.id,
        path: request.path,
        tier,
        at: nowIso(ctx),
        ...(request.explanation !== undefined ? { explanation: request.explanation } : {}),
        ...(request.revisesOpinionId ? { supersedesId: request.revisesOpinionId } : formerRole ? { supersedesId: formerRole.id } : {}),
      },
      // The tier and the explanation are not in the audit summary: opinions stay blind until the
      // others have given theirs. The explanation is kept with the opinion itself.
      auditBy(
        ctx,
        request.revisesOpinionId ? 'opinion.revised' : 'opinion.submitted',
        { type: 'work_package', id: wp.id, projectId: wp.project_id },
        { role, round: wp.round, ...(request.explanation !== undefined ? { explained: true } : {}) },
      ),
    );
    await settleClassification(trx, ctx, wp.id);
    await notifyWaiting(trx, { ...ctx, db: trx }, wp.project_id);
  });
}

/** A DPR of the work package approves a referee, so that the referee's opinion counts at DPR tier ≥ 3. */
export async function approveReferee(ctx: CommandContext, workPackageId: string, input: unknown): Promise<void> {
  const request = parseInput(approveRefereeRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockAndLoadClassificationState(trx, workPackageId);
    authorizeWorkPackage('approveReferee', workPackageSubject(state, ctx.actor));
    if (!state.referees.includes(request.refereeUserId)) {
      throw new DomainError('classification.not_a_referee', 'That person is not a referee on this project');
    }
    const wp = state.workPackage;
    await insertRefereeApproval(
      trx,
      { workPackageId: wp.id, round: wp.round, refereeId: request.refereeUserId, dprId: ctx.actor.userId as string, at: nowIso(ctx) },
      auditBy(ctx, 'referee.approved', { type: 'work_package', id: wp.id, projectId: wp.project_id }, { refereeId: request.refereeUserId, round: wp.round }),
    );
    await settleClassification(trx, ctx, wp.id);
    await notifyWaiting(trx, { ...ctx, db: trx }, wp.project_id);
  });
}

/** Adds to the recorded discussion of a disputed work package, optionally naming the cause of the difference. */
export async function discussDispute(ctx: CommandContext, workPackageId: string, input: unknown): Promise<void> {
  const request = parseInput(discussionRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockAndLoadClassificationState(trx, workPackageId);
    authorizeWorkPackage('discuss', workPackageSubject(state, ctx.actor));
    const wp = state.workPackage;
    await insertDiscussionEntry(
      trx,
      { work_package_id: wp.id, round: wp.round, author_id: ctx.actor.userId as string, message: request.message, cause: request.cause ?? null, created_at: nowIso(ctx) },
      auditBy(ctx, 'dispute.discussed', { type: 'work_package', id: wp.id, projectId: wp.project_id }, { round: wp.round, causeRecorded: request.cause !== undefined }),
    );
  });
}

/**
 * Ends a dispute by the highest-tier rule: the highest tier proposed applies. Requires a
 * recorded discussion naming the cause (`classification.discussion_required`).
 */
export async function resolveDisputeByHighestTier(ctx: CommandContext, workPackageId: string, input: unknown): Promise<void> {
  const request = parseInput(resolveDisputeRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockAndLoadClassificationState(trx, workPackageId);
    requireVersion(state, request.version);
    authorizeWorkPackage('resolveDispute', workPackageSubject(state, ctx.actor));
    const wp = state.workPackage;
    const tier = state.consensus.highestTier;
    if (tier === undefined) throw new DomainError('work_package.not_disputed', 'There are no opinions to resolve');
    const policy = await findCurrentTierPolicy(trx);
    await transitionWorkPackage(
      trx,
      ctx,
      wp,
      'classified',
      'resolve_highest_tier',
      { tier, resolution: 'highest_tier', classified_at: nowIso(ctx), policy_version: policy.version },
      { tier, policyVersion: policy.version, tiersProposed: [...new Set(state.consensus.counted.map((o) => o.tier))].sort() },
    );
  });
}

/**
 * Reopens a classified work package with a reason. A new round starts; every earlier opinion
 * is kept. On its egress package, in the same transaction: every live sign-off is voided with
 * the cause (audited `package.sign_offs_voided`), and an approved package goes back to
 * `in_review` by the system's move `classification_reopened` (event `package.approval_voided`).
 * Throws `work_package.not_classified`, `work_package.package_released` once the package is
 * releasing, released or revoked, `conflict.stale_version`.
 */
export async function reopenClassification(ctx: CommandContext, workPackageId: string, input: unknown): Promise<void> {
  const request = parseInput(reopenRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    // The package first, then the work package: the order every command that takes both uses.
    // The policy decides from the package status read under that lock.
    const system: CommandContext = { ...ctx, actor: systemActor('the system (classification reopened)') };
    const pkgState = (await findPackage(trx, workPackageId)) ? await lockPackageFor(trx, workPackageId, system.actor, 'view') : undefined;
    const state = await lockAndLoadClassificationState(trx, workPackageId);
    requireVersion(state, request.version);
    authorizeWorkPackage('reopen', workPackageSubject(state, ctx.actor));
    const wp = state.workPackage;
    const round = wp.round + 1;
    const at = nowIso(ctx);
    await insertReopening(trx, { work_package_id: wp.id, round, reason: request.reason, by_id: ctx.actor.userId as string, at, previous_tier: wp.tier as number });
    await transitionWorkPackage(
      trx,
      ctx,
      wp,
      'unclassified',
      'reopen',
      { tier: null, round, resolution: null, classified_at: null, policy_version: null },
      { previousTier: wp.tier, round, reason: request.reason },
    );
    await notifyWaiting(trx, { ...ctx, db: trx }, wp.project_id);
    if (!pkgState) return;
    await voidSignOffsFor(trx, ctx, pkgState.pkg, 'classification_reopened');
    if (pkgState.pkg.status === 'approved') await transitionPackage(trx, system, pkgState, 'classification_reopened');
  });
}
