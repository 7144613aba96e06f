/**
 * Recording the decisions of a data provider handover (docs/design.md §6; issue 10 §6):
 *
 * - `recordStorageDecision`: where the outputs will be stored, who holds them, how they are
 *   protected, for how long and when that is reviewed; supersedes the previous decision, whose
 *   agreements stay with it (everyone agrees again). `package.storage_decision_recorded`.
 * - `agreeToStorageDecision`: one of the people it needs (the project's investigators and every
 *   DPR of the work package's datasets) agrees to the current decision; agreeing twice changes
 *   nothing. `package.storage_decision_agreed`.
 * - `recordRedactionDecision`: for one flagged output (current, not removed, verdict review or
 *   block): release as is, redacted (this version is the redaction) or keep inside, with a
 *   reason; supersedes the file's previous decision. `package.redaction_decided`.
 *
 * By an investigator or a DPR of the work package, on a data provider handover package that is
 * not yet approved nor ended (server/policies/handover-decision.policy.ts); recording is allowed
 * at any tier, approval waits for them only from tier 2. Each runs in one transaction with the
 * package locked and, while the package is in review, lets the system approve it when that was
 * the last thing missing.
 *
 * Throws `validation.invalid_input`, `package.not_found`, `project.closed`,
 * `handover.not_a_handover`, `handover.decisions_closed`, `workflow.not_allowed`,
 * `storage_decision.review_date_past` (the review date is today or earlier),
 * `conflict.stale_version` (another decision was recorded since `version`),
 * `storage_decision.not_found` (no such decision of this package), `storage_decision.superseded`
 * (agreeing to an earlier decision), `file.not_found`, `file.removed`,
 * `review.stale_file_version`, `handover.not_flagged` (a supporting file or an output whose
 * current version is not flagged).
 *
 * Example: `recordStorageDecision(investigatorCtx, pkgId, { location: 'Provider A archive', custodian: 'Provider A',
 * protection: 'Encrypted at rest', retention: '10 years', reviewDate: '2031-01-31', version: 0 })`.
 */
import type { FlaggedOutput, StorageDecisionView } from '../../common/contracts/handover-decisions.contract';
import { redactionDecisionRequestSchema, storageAgreementRequestSchema, storageDecisionRequestSchema } from '../../common/contracts/handover-decisions.contract';
import { countStorageDecisions, insertAgreement, insertRedactionDecision, insertStorageDecision } from '../db/handover-decisions.repository';
import { newId } from '../db/ids';
import { findCheckResult, findFile } from '../db/packages.repository';
import type { Tx } from '../db/schema';
import { DomainError } from '../domain/errors';
import { type HandoverDecisionAction, decideHandover } from '../policies/handover-decision.policy';
import { type PackageState, lockPackageFor } from './package-access';
import { approveIfReady } from './package-approval';
import { getStorageDecision, listRedactionDecisions } from './handover-decisions.queries';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';

async function lockFor(trx: Tx, ctx: CommandContext, packageId: string, action: HandoverDecisionAction): Promise<PackageState> {
  const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
  const decision = decideHandover(action, { package: state.subject, workPackageKind: state.workPackage.kind });
  if (!decision.ok) throw new DomainError(decision.code, decision.reason, { action });
  return state;
}

async function approveIfInReview(trx: Tx, ctx: CommandContext, state: PackageState): Promise<void> {
  if (state.pkg.status === 'in_review') await approveIfReady(trx, { ...ctx, db: trx }, state);
}

/** Records a new storage decision (superseding the current one); returns the storage decision as the API shows it. */
export async function recordStorageDecision(ctx: CommandContext, packageId: string, input: unknown): Promise<StorageDecisionView> {
  const request = parseInput(storageDecisionRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockFor(trx, ctx, packageId, 'recordStorage');
    const today = nowIso(ctx).slice(0, 10);
    if (request.reviewDate <= today) throw new DomainError('storage_decision.review_date_past', 'The review date must be in the future', { today });
    const recorded = await countStorageDecisions(trx, packageId);
    if (request.version !== recorded)
      throw new DomainError('conflict.stale_version', 'Someone recorded another storage decision since you loaded it; reload it and try again', { expectedVersion: request.version });
    const id = newId();
    const audit = auditBy(
      ctx,
      'package.storage_decision_recorded',
      { type: 'package', id: packageId, projectId: state.pkg.project_id },
      {
        decisionId: id,
        version: recorded + 1,
        location: request.location,
        custodian: request.custodian,
        protection: request.protection,
        retention: request.retention,
        reviewDate: request.reviewDate,
      },
    );
    const row = {
      id,
      package_id: packageId,
      location: request.location,
      custodian: request.custodian,
      protection: request.protection,
      retention: request.retention,
      review_date: request.reviewDate,
      recorded_by: ctx.actor.userId as string,
      recorded_at: nowIso(ctx),
      superseded_at: null,
    };
    await insertStorageDecision(trx, row, audit);
    await approveIfInReview(trx, ctx, state);
  });
  return getStorageDecision(ctx, packageId);
}

/** Records the actor's agreement to the current storage decision; returns the storage decision as the API shows it. */
export async function agreeToStorageDecision(ctx: CommandContext, packageId: string, input: unknown): Promise<StorageDecisionView> {
  const request = parseInput(storageAgreementRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockFor(trx, ctx, packageId, 'agreeStorage');
    const decision = await trx.selectFrom('storage_decisions').selectAll().where('id', '=', request.decisionId).where('package_id', '=', packageId).executeTakeFirst();
    if (!decision) throw new DomainError('storage_decision.not_found', 'No such storage decision for this package');
    if (decision.superseded_at !== null) throw new DomainError('storage_decision.superseded', 'A newer storage decision replaced this one; reload it and agree to the current one');
    const role = state.role === 'investigator' ? 'investigator' : 'data_provider_representative';
    const audit = auditBy(ctx, 'package.storage_decision_agreed', { type: 'package', id: packageId, projectId: state.pkg.project_id }, { decisionId: decision.id, role });
    const added = await insertAgreement(trx, { decision_id: decision.id, user_id: ctx.actor.userId as string, role, agreed_at: nowIso(ctx) }, audit);
    if (added) await approveIfInReview(trx, ctx, state);
  });
  return getStorageDecision(ctx, packageId);
}

/** Records the redaction decision on one flagged output (superseding the file's previous one); returns the output with its decision. */
export async function recordRedactionDecision(ctx: CommandContext, packageId: string, fileId: string, input: unknown): Promise<FlaggedOutput> {
  const request = parseInput(redactionDecisionRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockFor(trx, ctx, packageId, 'decideRedaction');
    const file = await findFile(trx, packageId, fileId);
    if (!file || file.deleted_at !== null) throw new DomainError('file.not_found', 'No such file in this package');
    if (Number(file.removed) === 1) throw new DomainError('file.removed', 'This file is temporarily removed; it is not released, so it needs no redaction decision');
    const current = await trx.selectFrom('file_versions').selectAll().where('file_id', '=', file.id).where('number', '=', file.current_version).executeTakeFirstOrThrow();
    if (current.id !== request.fileVersionId) {
      throw new DomainError('review.stale_file_version', 'This file has a newer version than the one you decided on; reload it and decide again', { currentVersion: current.number });
    }
    const check = await findCheckResult(trx, current.id);
    if (file.role !== 'output' || !check || (check.verdict !== 'review' && check.verdict !== 'block')) {
      throw new DomainError('handover.not_flagged', 'Only an output whose current version was flagged by the checks (review or block) takes a redaction decision');
    }
    const at = nowIso(ctx);
    const audit = auditBy(
      ctx,
      'package.redaction_decided',
      { type: 'package', id: packageId, projectId: state.pkg.project_id },
      {
        fileId: file.id,
        fileVersionId: current.id,
        version: current.number,
        decision: request.decision,
      },
    );
    await insertRedactionDecision(
      trx,
      {
        id: newId(),
        package_id: packageId,
        file_id: file.id,
        file_version_id: current.id,
        decision: request.decision,
        reason: request.reason,
        decided_by: ctx.actor.userId as string,
        decided_at: at,
        superseded_at: null,
      },
      audit,
    );
    await approveIfInReview(trx, ctx, state);
  });
  const list = await listRedactionDecisions(ctx, packageId);
  return list.outputs.find((o) => o.fileId === fileId) as FlaggedOutput;
}
