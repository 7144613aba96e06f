/**
 * Making a redaction's result a file version (issue 13): the checks run on it at once (through
 * the Scanner port, with the preset and parameters the checks stage would use), then, in the
 * caller's transaction, the version is recorded with source `redaction` as the file's current
 * one, the package totals and author team are updated and the package's sign-offs voided. The
 * provenance record is the caller's (it knows whether a proposal was accepted).
 */
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import type { PackageKind } from '../checks/engine/types';
import { findCheckSettings } from '../db/check-settings.repository';
import { recordAuthor } from '../db/package-authors.repository';
import { adjustPackageTotals, insertFileVersion, saveCheckResult, toNumber, updateFile } from '../db/packages.repository';
import { newId } from '../db/ids';
import type { Db, FileVersionsTable, PackageFilesTable, Tx } from '../db/schema';
import { DomainError } from '../domain/errors';
import { typeRefusal } from '../domain/packages/allowed-types';
import type { RedactedFile } from '../ports/redactor';
import { checkSettingsOf, resolveChecks } from './check-settings.resolve';
import { renamed } from './checks-stage';
import { type CommandContext, nowIso } from './context';
import type { PackageState } from './package-access';
import type { RedactionDeps } from './redaction-run';
import { mediaTypeOf } from './package-files.commands';
import { type SignOffVoidCause, voidSignOffsFor } from './sign-offs.void';

/** The detected type of stored bytes (package-files.commands.ts reads uploads' the same way). */
export const mediaTypeOfBlob = mediaTypeOf;

/** A check result ready to store with the new version. */
export interface ImmediateCheck {
  entry: ScannedEntry;
  preset: string;
  parameters: string;
}

/**
 * Runs the checks on the redacted bytes now, as the checks stage would (project settings for the
 * tier, the package's kind). Answers null when they cannot run (the version is then checked on
 * submission, as any version without a result).
 */
export async function checkNow(db: Db, deps: RedactionDeps, state: PackageState, path: string, redacted: RedactedFile): Promise<ImmediateCheck | null> {
  const packageKind: PackageKind = state.workPackage.kind === 'egress_handover' ? 'handover' : 'report';
  const settings = checkSettingsOf(await findCheckSettings(db, state.pkg.project_id));
  const { preset, parameters } = resolveChecks(deps.redaction.checks.preset, settings, state.workPackage.tier === null ? null : Number(state.workPackage.tier));
  let batch;
  try {
    batch = await deps.redaction.checks.scanner.openBatch();
    const staged = await batch.stage(path.slice(path.lastIndexOf('/') + 1), redacted.open());
    const [entry] = await batch.scan({ parameters, packageKind });
    if (!entry) return null;
    return { entry: renamed(entry, staged, path), preset, parameters: JSON.stringify({ ...parameters, packageKind }) };
  } catch {
    return null;
  } finally {
    await batch?.dispose();
  }
}

export interface NewRedactedVersion {
  blob: { sha256: string; bytes: number };
  mediaType: string;
  /** Why the package's sign-offs are voided: a version added by the author team, or an accepted proposal. */
  voidCause: SignOffVoidCause;
  check: ImmediateCheck | null;
  toolVersion: string;
}

/** Records the redacted bytes as the file's new current version, in the caller's transaction. */
export async function appendRedactedVersion(trx: Tx, ctx: CommandContext, deps: RedactionDeps, state: PackageState, file: PackageFilesTable, input: NewRedactedVersion): Promise<FileVersionsTable> {
  const refusal = typeRefusal(input.mediaType, state.workPackage.tier === null ? null : Number(state.workPackage.tier));
  if (refusal) throw new DomainError('file.type_not_allowed', `The redacted "${file.path}" cannot be added: ${refusal}`);
  const packageBytes = toNumber(state.pkg.total_bytes) - toNumber(file.bytes) + input.blob.bytes;
  if (packageBytes > deps.limits.maxPackageBytes) {
    throw new DomainError('package.too_large', `The redacted file would take the package past its limit of ${deps.limits.maxPackageBytes} bytes`);
  }
  const at = nowIso(ctx);
  const version: FileVersionsTable = {
    id: newId(),
    file_id: file.id,
    package_id: file.package_id,
    number: file.current_version + 1,
    sha256: input.blob.sha256,
    bytes: input.blob.bytes,
    media_type: input.mediaType,
    source: 'redaction',
    source_path: null,
    source_mtime_ms: null,
    note: null,
    created_by: ctx.actor.userId,
    created_at: at,
    origin_address: ctx.origin?.address ?? null,
  };
  await insertFileVersion(trx, version);
  await updateFile(trx, file.id, file.version, { current_version: version.number, bytes: input.blob.bytes });
  await adjustPackageTotals(trx, file.package_id, 0, input.blob.bytes - toNumber(file.bytes));
  await recordAuthor(trx, file.package_id, ctx.actor.userId, 'added_file', at);
  await voidSignOffsFor(trx, ctx, state.pkg, input.voidCause, { fileId: file.id, path: file.path, version: version.number });
  if (input.check) {
    await saveCheckResult(trx, {
      file_version_id: version.id,
      package_id: file.package_id,
      status: input.check.entry.status,
      verdict: input.check.entry.verdict,
      tool_version: input.toolVersion,
      preset: input.check.preset,
      parameters: input.check.parameters,
      result: JSON.stringify(input.check.entry),
      checked_at: at,
    });
  }
  return version;
}
