/**
 * The author team's answer to a reviewer's proposed redaction (issue 13, docs/redaction.md).
 *
 * Accepting makes the proposed bytes the file's new current version (source `redaction`, its
 * provenance naming the reviewer who ran the operation and the author who accepted it). A package
 * in review then moves to `checking` as a new review turn (`accept_redaction` in
 * common/workflow/package.workflow.ts: sign-offs voided with cause `redaction_accepted`,
 * decisions on unchanged files carried over) and, once committed, the checks stage is queued; a
 * returned package keeps its status and the version is checked when it is resubmitted.
 * Declining records who and why. Both are audited in the transaction that records them.
 *
 * Refusals change nothing: who and when (redaction.policy.ts), `redaction.proposal_not_found`,
 * `redaction.proposal_not_pending` (already decided), `redaction.stale_version` (the file has a
 * newer version than the one proposed on), `conflict.stale_version` (the package changed since
 * `version`).
 *
 * Example: `acceptRedactionProposal(ctx, deps, pkgId, proposalId, { version: 7 })` on a package in
 * review → the proposal `accepted`, a new version of the file, the package `checking`, turn + 1.
 */
import { type RedactionProposal, type RedactionProposalAccepted, acceptRedactionProposalRequestSchema, declineRedactionProposalRequestSchema } from '../../common/contracts/redaction.contract';
import { newId } from '../db/ids';
import { decideRedactionProposal, findRedactionProposal, findRedactionRecord, insertRedactionRecord, toProposal, toProvenance } from '../db/redaction.repository';
import type { RedactionProposalRow } from '../db/redaction.repository';
import type { Db } from '../db/schema';
import { DomainError } from '../domain/errors';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { lockPackageFor } from './package-access';
import { transitionPackage } from './package-lifecycle';
import type { StatusDeps } from './packages.commands';
import { parseInput } from './parse-input';
import { type RedactionDeps, authorizeRedaction, currentVersionOf } from './redaction-run';
import { appendRedactedVersion, mediaTypeOfBlob } from './redaction-version';

async function pendingProposal(db: Db, packageId: string, proposalId: string): Promise<RedactionProposalRow> {
  const row = await findRedactionProposal(db, packageId, proposalId);
  if (!row) throw new DomainError('redaction.proposal_not_found', 'No such proposed redaction in this package');
  if (row.status !== 'pending') throw new DomainError('redaction.proposal_not_pending', `This proposed redaction was already ${row.status}`);
  return row;
}

/** The proposal as the API shows it now. */
async function proposalNow(db: Db, packageId: string, proposalId: string): Promise<RedactionProposal> {
  const row = (await findRedactionProposal(db, packageId, proposalId)) as RedactionProposalRow;
  const { file } = await currentVersionOf(db, packageId, row.file_id);
  return toProposal(row, file.current_version);
}

/** Accepts a pending proposal: the redacted version becomes current; a package in review starts a new turn through the checks. */
export async function acceptRedactionProposal(ctx: CommandContext, deps: RedactionDeps & StatusDeps, packageId: string, proposalId: string, input: unknown): Promise<RedactionProposalAccepted> {
  const request = parseInput(acceptRedactionProposalRequestSchema, input);
  const before = await findRedactionProposal(ctx.db, packageId, proposalId);
  // The type of the proposed bytes is read before the transaction (the blob store is not transactional).
  const mediaType = before ? await mediaTypeOfBlob(deps.blobs, before.result_sha256, before.path) : '';
  const outcome = await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeRedaction(state, 'accept');
    const proposal = await pendingProposal(trx, packageId, proposalId);
    const { file, current } = await currentVersionOf(trx, packageId, proposal.file_id);
    if (current.id !== proposal.original_version_id) {
      throw new DomainError('redaction.stale_version', `The file has a newer version (${current.number}) than the one this redaction was proposed on; ask for a new proposal`);
    }
    if (request.version !== state.pkg.version) {
      throw new DomainError('conflict.stale_version', 'This package was changed by someone else; reload it and try again', { expectedVersion: request.version });
    }
    const tx = { ...ctx, db: trx };
    const version = await appendRedactedVersion(trx, tx, deps, state, file, {
      blob: { sha256: proposal.result_sha256, bytes: Number(proposal.result_bytes) },
      mediaType,
      voidCause: 'redaction_accepted',
      check: null,
      toolVersion: deps.redaction.checks.toolVersion,
    });
    const at = nowIso(ctx);
    const object = { type: 'package', id: packageId, projectId: state.pkg.project_id };
    await decideRedactionProposal(
      trx,
      proposalId,
      { status: 'accepted', decided_by: ctx.actor.userId, decided_at: at, decision_comment: request.comment?.trim() || null, result_version_id: version.id },
      auditBy(ctx, 'package.redaction_proposal_accepted', object, {
        proposalId,
        fileId: file.id,
        path: file.path,
        version: version.number,
        fromVersion: current.number,
        sha256: proposal.result_sha256,
        operation: proposal.operation,
        proposedBy: proposal.proposed_by,
      }),
    );
    await insertRedactionRecord(
      trx,
      {
        id: newId(),
        package_id: packageId,
        file_id: file.id,
        file_version_id: version.id,
        original_version_id: current.id,
        original_sha256: current.sha256,
        result_sha256: proposal.result_sha256,
        operation: proposal.operation,
        parameters: proposal.parameters,
        reason: proposal.reason,
        targets: proposal.targets,
        outcome: proposal.outcome,
        created_by: proposal.proposed_by,
        created_at: at,
        proposal_id: proposalId,
      },
      auditBy(ctx, 'package.file_redacted', object, {
        fileId: file.id,
        path: file.path,
        version: version.number,
        fromVersion: current.number,
        fromSha256: current.sha256,
        sha256: proposal.result_sha256,
        bytes: Number(proposal.result_bytes),
        operation: proposal.operation,
        proposalId,
        reason: proposal.reason,
      }),
    );
    if (state.pkg.status === 'in_review') await transitionPackage(trx, tx, state, 'accept_redaction', { version: request.version, audit: { proposalId } });
    return { versionId: version.id, status: state.pkg.status, turn: state.pkg.review_turn, packageVersion: state.pkg.version };
  });
  if (outcome.status === 'checking') await deps.startChecks(packageId, outcome.turn);
  const record = await findRedactionRecord(ctx.db, outcome.versionId);
  return { proposal: await proposalNow(ctx.db, packageId, proposalId), provenance: toProvenance(record as NonNullable<typeof record>), version: outcome.packageVersion };
}

/** Declines a pending proposal, with the reason. */
export async function declineRedactionProposal(ctx: CommandContext, packageId: string, proposalId: string, input: unknown): Promise<RedactionProposal> {
  const request = parseInput(declineRedactionProposalRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeRedaction(state, 'decline');
    const proposal = await pendingProposal(trx, packageId, proposalId);
    await decideRedactionProposal(
      trx,
      proposalId,
      { status: 'declined', decided_by: ctx.actor.userId, decided_at: nowIso(ctx), decision_comment: request.reason, result_version_id: null },
      auditBy(
        ctx,
        'package.redaction_proposal_declined',
        { type: 'package', id: packageId, projectId: state.pkg.project_id },
        {
          proposalId,
          fileId: proposal.file_id,
          path: proposal.path,
          operation: proposal.operation,
          reason: request.reason,
        },
      ),
    );
  });
  return proposalNow(ctx.db, packageId, proposalId);
}
