/**
 * A redaction done by hand inside the environment (issue 13, "anything else"; docs/redaction.md):
 * the author team changes the file inside, adds it again from inside (an upload from the
 * environment's networks or a copy from the output area, both already confined to the inside), and
 * then links that new version to the one it replaces, with the reason and the findings it resolves.
 * The link is a provenance record with the operation `manual` and no parameters; the replaced
 * version stays inside and is never released, as for a built-in operation.
 *
 * Refusals change nothing: who and when (redaction.policy.ts, as for applying), `file.not_found`,
 * `redaction.stale_version` (the version named is not the file's current one),
 * `redaction.version_not_found` (the replaced version is not an earlier version of this file),
 * `redaction.not_now` (the new version is itself a redaction or already linked),
 * `redaction.finding_not_found`.
 *
 * Example: `linkManualRedaction(ctx, pkgId, fileId, { fileVersionId: v3, replacesVersionId: v2,
 * reason: 'Suppressed the map legend in QGIS', findingKeys: ['3f2a…'] })` → v3's provenance.
 */
import { type LinkManualRedactionRequest, MANUAL_REDACTION_OPERATION, type RedactionProvenance, linkManualRedactionRequestSchema } from '../../common/contracts/redaction.contract';
import { newId } from '../db/ids';
import { listVersions } from '../db/packages.repository';
import { findRedactionRecord, insertRedactionRecord, toProvenance } from '../db/redaction.repository';
import { DomainError } from '../domain/errors';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { loadPackageFor, lockPackageFor } from './package-access';
import { parseInput } from './parse-input';
import { assertCurrent, authorizeRedaction, currentVersionOf, targetsOf } from './redaction-run';

export async function linkManualRedaction(ctx: CommandContext, packageId: string, fileId: string, input: unknown): Promise<RedactionProvenance> {
  const request: LinkManualRedactionRequest = parseInput(linkManualRedactionRequestSchema, input);
  authorizeRedaction(await loadPackageFor(ctx.db, packageId, ctx.actor, 'view'), 'apply');
  await inTransaction(ctx, async (trx) => {
    const locked = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    authorizeRedaction(locked, 'apply');
    const { file, current } = await currentVersionOf(trx, packageId, fileId);
    assertCurrent(current, request.fileVersionId);
    const replaced = (await listVersions(trx, fileId)).find((v) => v.id === request.replacesVersionId && v.number < current.number);
    if (!replaced) throw new DomainError('redaction.version_not_found', 'The version it replaces must be an earlier version of this file');
    if (current.source === 'redaction' || (await findRedactionRecord(trx, current.id))) {
      throw new DomainError('redaction.not_now', 'This version already records what it was redacted from');
    }
    const { stored } = await targetsOf(trx, replaced, request.findingKeys ?? []);
    const summary = {
      fileId,
      path: file.path,
      version: current.number,
      fromVersion: replaced.number,
      fromSha256: replaced.sha256,
      sha256: current.sha256,
      bytes: Number(current.bytes),
      operation: MANUAL_REDACTION_OPERATION,
      findings: stored.length,
      reason: request.reason,
    };
    await insertRedactionRecord(
      trx,
      {
        id: newId(),
        package_id: packageId,
        file_id: fileId,
        file_version_id: current.id,
        original_version_id: replaced.id,
        original_sha256: replaced.sha256,
        result_sha256: current.sha256,
        operation: MANUAL_REDACTION_OPERATION,
        parameters: '{}',
        reason: request.reason,
        targets: JSON.stringify(stored),
        outcome: JSON.stringify({ changeCount: 0, changes: [], notes: ['Redacted by hand inside the environment and added again from inside.'] }),
        created_by: ctx.actor.userId as string,
        created_at: nowIso(ctx),
        proposal_id: null,
      },
      auditBy(ctx, 'package.file_redaction_linked', { type: 'package', id: packageId, projectId: locked.pkg.project_id }, summary),
    );
  });
  return toProvenance((await findRedactionRecord(ctx.db, request.fileVersionId)) as NonNullable<Awaited<ReturnType<typeof findRedactionRecord>>>);
}
