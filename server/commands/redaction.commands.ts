/**
 * Redacting a package's file (issue 13, docs/redaction.md): previewing an operation (a dry run:
 * what would change, nothing stored), applying it (the author team, while the package is a draft
 * or returned: the result becomes the file's new current version with source `redaction`, its
 * provenance recorded and its checks run at once), and proposing it (a reviewer, during review:
 * the result is kept aside, inside, until the author team accepts or declines it;
 * redaction-proposals.commands.ts).
 *
 * Every refusal changes nothing: who and when (redaction.policy.ts), `file.not_found`,
 * `redaction.stale_version` (the version given is not the current one, checked again under the
 * package's lock), `redaction.finding_not_found`, and the Redactor's `redaction.*` codes
 * (unknown operation, unsupported format, invalid parameters, unparseable, too large, nothing
 * to change, timed out, failed). The original version stays as it is, inside; bundles carry only
 * current versions. The change, its provenance and its audit event commit together.
 *
 * Example: `applyRedaction(ctx, deps, pkgId, fileId, { fileVersionId, operation: "tables.suppress",
 * parameters: { threshold: 10 }, findingKeys: ['3f2a…'], reason: 'Small counts' })` → version 2
 * of the file, source `redaction`, with its provenance and its check summary.
 */
import {
  type RedactionApplied,
  type RedactionPreview,
  type RedactionProposal,
  applyRedactionRequestSchema,
  proposeRedactionRequestSchema,
  redactionPreviewRequestSchema,
} from '../../common/contracts/redaction.contract';
import { toFileVersion } from '../db/packages.repository';
import { newId } from '../db/ids';
import { findRedactionProposal, findRedactionRecord, insertRedactionProposal, insertRedactionRecord, toProposal, toProvenance } from '../db/redaction.repository';
import { findCheckResult } from '../db/packages.repository';
import { DomainError } from '../domain/errors';
import type { RedactedFile } from '../ports/redactor';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { loadPackageFor, lockPackageFor } from './package-access';
import { parseInput } from './parse-input';
import { type RedactionAsk, type RedactionDeps, assertCurrent, authorizeRedaction, currentVersionOf, runOn, scanParametersOf, storeResult, targetsOf } from './redaction-run';
import { appendRedactedVersion, checkNow, mediaTypeOfBlob } from './redaction-version';

/** What every redaction request does first: who and when, the current version named, its findings, then the operation run. */
async function runRequested(
  ctx: CommandContext,
  deps: RedactionDeps,
  packageId: string,
  fileId: string,
  request: RedactionAsk & { fileVersionId: string; findingKeys: readonly string[] },
  action: 'preview' | 'apply' | 'propose',
) {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'view');
  authorizeRedaction(state, action);
  const { file, current } = await currentVersionOf(ctx.db, packageId, fileId);
  assertCurrent(current, request.fileVersionId);
  const { targets, stored } = await targetsOf(ctx.db, current, request.findingKeys);
  const redacted = await runOn(deps, file, current, request, await scanParametersOf(ctx.db, deps, state), targets);
  return { state, file, current, stored, redacted };
}

/** Runs the operation without storing anything; answers what would change. */
export async function previewRedaction(ctx: CommandContext, deps: RedactionDeps, packageId: string, fileId: string, input: unknown): Promise<RedactionPreview> {
  const request = parseInput(redactionPreviewRequestSchema, input);
  const { current, redacted } = await runRequested(ctx, deps, packageId, fileId, request, 'preview');
  await redacted.dispose();
  return {
    operation: request.operation,
    original: { fileVersionId: current.id, versionNumber: current.number, sha256: current.sha256, bytes: Number(current.bytes) },
    result: { sha256: redacted.sha256, bytes: redacted.bytes },
    outcome: redacted.outcome,
  };
}

/** Refuses when the bytes the operation read are not the version's (a blob that changed under it is never redacted from). */
function assertSameSource(redacted: RedactedFile, sha256: string): void {
  if (redacted.sourceSha256 !== sha256) throw new DomainError('storage.integrity', 'The stored content of this version no longer matches its hash');
}

/** Applies a redaction: the author team, on its draft or returned package. The new version is current and checked. */
export async function applyRedaction(ctx: CommandContext, deps: RedactionDeps, packageId: string, fileId: string, input: unknown): Promise<RedactionApplied> {
  const request = parseInput(applyRedactionRequestSchema, input);
  const { state, file, current, stored, redacted } = await runRequested(ctx, deps, packageId, fileId, request, 'apply');
  let blob;
  let check;
  try {
    assertSameSource(redacted, current.sha256);
    blob = await storeResult(deps, redacted);
    check = await checkNow(ctx.db, deps, state, file.path, redacted);
  } finally {
    await redacted.dispose();
  }
  const mediaType = await mediaTypeOfBlob(deps.blobs, blob.sha256, file.path);
  const versionId = await inTransaction(ctx, async (trx) => {
    const locked = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeRedaction(locked, 'apply');
    const now = await currentVersionOf(trx, packageId, fileId);
    assertCurrent(now.current, request.fileVersionId);
    const version = await appendRedactedVersion(trx, { ...ctx, db: trx }, deps, locked, now.file, {
      blob,
      mediaType,
      voidCause: 'file_version_added',
      check,
      toolVersion: deps.redaction.checks.toolVersion,
    });
    const summary = {
      fileId,
      path: now.file.path,
      version: version.number,
      fromVersion: current.number,
      fromSha256: current.sha256,
      sha256: blob.sha256,
      bytes: blob.bytes,
      operation: request.operation,
      findings: stored.length,
      changes: redacted.outcome.changeCount,
      reason: request.reason,
    };
    await insertRedactionRecord(
      trx,
      {
        id: newId(),
        package_id: packageId,
        file_id: fileId,
        file_version_id: version.id,
        original_version_id: current.id,
        original_sha256: current.sha256,
        result_sha256: blob.sha256,
        operation: request.operation,
        parameters: JSON.stringify(request.parameters),
        reason: request.reason,
        targets: JSON.stringify(stored),
        outcome: JSON.stringify(redacted.outcome),
        created_by: ctx.actor.userId as string,
        created_at: nowIso(ctx),
        proposal_id: null,
      },
      auditBy(ctx, 'package.file_redacted', { type: 'package', id: packageId, projectId: locked.pkg.project_id }, summary),
    );
    return version.id;
  });
  const record = await findRedactionRecord(ctx.db, versionId);
  const version = (await currentVersionOf(ctx.db, packageId, fileId)).current;
  return { provenance: toProvenance(record as NonNullable<typeof record>), check: toFileVersion(version, await findCheckResult(ctx.db, versionId)).check };
}

/** Proposes a redaction: a reviewer, during review. The result is stored aside (inside) for the author team to accept or decline. */
export async function proposeRedaction(ctx: CommandContext, deps: RedactionDeps, packageId: string, fileId: string, input: unknown): Promise<RedactionProposal> {
  const request = parseInput(proposeRedactionRequestSchema, input);
  const { current, stored, redacted } = await runRequested(ctx, deps, packageId, fileId, request, 'propose');
  let blob;
  try {
    assertSameSource(redacted, current.sha256);
    blob = await storeResult(deps, redacted);
  } finally {
    await redacted.dispose();
  }
  const id = newId();
  await inTransaction(ctx, async (trx) => {
    const locked = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeRedaction(locked, 'propose');
    const now = await currentVersionOf(trx, packageId, fileId);
    assertCurrent(now.current, request.fileVersionId);
    await insertRedactionProposal(
      trx,
      {
        id,
        package_id: packageId,
        file_id: fileId,
        original_version_id: current.id,
        original_sha256: current.sha256,
        result_sha256: blob.sha256,
        result_bytes: blob.bytes,
        operation: request.operation,
        parameters: JSON.stringify(request.parameters),
        reason: request.reason,
        targets: JSON.stringify(stored),
        outcome: JSON.stringify(redacted.outcome),
        review_turn: locked.pkg.review_turn,
        status: 'pending',
        proposed_by: ctx.actor.userId as string,
        proposed_at: nowIso(ctx),
        decided_by: null,
        decided_at: null,
        decision_comment: null,
        result_version_id: null,
      },
      auditBy(
        ctx,
        'package.redaction_proposed',
        { type: 'package', id: packageId, projectId: locked.pkg.project_id },
        {
          proposalId: id,
          fileId,
          path: now.file.path,
          version: current.number,
          sha256: blob.sha256,
          operation: request.operation,
          findings: stored.length,
          changes: redacted.outcome.changeCount,
          reason: request.reason,
        },
      ),
    );
  });
  const row = await findRedactionProposal(ctx.db, packageId, id);
  return toProposal(row as NonNullable<typeof row>, current.number);
}
