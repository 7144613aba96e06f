/**
 * Reading a package (with its context, totals, check summary, removal register and the
 * caller's abilities), its files a page at a time, one file with its history, and changing
 * its context or its status.
 */
import { recordAuthor } from '../db/package-authors.repository';
import type { Readable } from 'node:stream';
import {
  type FileCheckResult,
  type FilePage,
  type Package,
  type PackageFileDetail,
  type PackageFile,
  packageTransitionRequestSchema,
  updateContextRequestSchema,
} from '../../common/contracts/packages.contract';
import {
  type FileWithCurrent,
  checkResultsFor,
  findCheckResult,
  findFile,
  listAllFiles,
  listFilePage,
  listRemovals,
  listVersions,
  packageTotals,
  toFileCheckResult,
  toFileVersion,
  updatePackage,
  verdictCounts,
} from '../db/packages.repository';
import { appendAudit } from '../db/audit.repository';
import type { FileVersionsTable, PackageFilesTable, PackagesTable } from '../db/schema';
import { DomainError, isDomainError } from '../domain/errors';
import { contentAbilities } from '../policies/package-content.policy';
import { type PackageSubject, packageAbilities } from '../policies/package.policy';
import { RELEASE_POLICY } from '../policies/release.policy';
import type { BlobStore } from '../ports/blob-store';
import { type PackageState, loadPackageFor, lockPackageFor } from './package-access';
import { authorizeFileRead, decideFileRead, isInside, recordContentRead } from './package-content-access';
import { assertReleasedVersion } from './releases.commands';
import { missingContext, readContext } from './package-context';
import { transitionPackage } from './package-lifecycle';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { voidSignOffsFor } from './sign-offs.void';

/** A file with its current version, and whether the actor may read that version's bytes from where they are. */
function toPackageFile(ctx: CommandContext, subject: PackageSubject, { file, current, check }: FileWithCurrent): PackageFile {
  const read = decideFileRead(ctx, subject, file, current.number);
  return {
    id: file.id,
    path: file.path,
    role: file.role,
    category: file.category,
    removed: Number(file.removed) === 1,
    version: file.version,
    current: toFileVersion(current, check),
    canReadContent: read.ok,
    contentRefusal: read.ok ? null : read.reason,
  };
}

/** The package as the API shows it to the actor (totals, verdict counts, abilities). */
export async function toPackage(ctx: CommandContext, state: PackageState): Promise<Package> {
  const { pkg, workPackage } = state;
  const totals = await packageTotals(ctx.db, pkg.id);
  const checks = await verdictCounts(ctx.db, pkg.id, totals.files);
  const removals = await listRemovals(ctx.db, pkg.id);
  return {
    id: pkg.id,
    projectId: pkg.project_id,
    workPackage: { name: workPackage.name, kind: workPackage.kind, tier: workPackage.tier },
    status: pkg.status,
    version: pkg.version,
    context: readContext(pkg),
    destinationId: pkg.destination_id,
    missingContext: await missingContext(ctx.db, pkg),
    reviewTurn: pkg.review_turn,
    submittedBy: pkg.submitted_by,
    submittedAt: pkg.submitted_at,
    failure: pkg.status === 'failed' ? { stage: pkg.failed_stage ?? 'checking', reason: pkg.failure_reason ?? '' } : null,
    statusComment: pkg.status_comment,
    totals,
    checks,
    removals: removals.map((r) => ({
      id: r.id,
      fileId: r.file_id,
      path: r.path,
      versionNumber: r.version_number,
      reason: r.reason,
      removedBy: r.removed_by_name,
      removedAt: r.removed_at,
      reinstatedBy: r.reinstated_by_name,
      reinstatedAt: r.reinstated_at,
      reinstatedVersion: r.reinstated_version,
      outcome: r.outcome,
      outcomeBy: r.outcome_by_name,
      outcomeAt: r.outcome_at,
    })),
    abilities: {
      ...packageAbilities(state.subject),
      ...contentAbilities(state.subject, isInside(ctx)),
      // Start the release, or release again after a failed one (the release policy's `start`).
      startRelease: RELEASE_POLICY.start({ package: state.subject, failedStage: pkg.failed_stage, linkLifetimeHours: null }).ok,
    },
  };
}

export async function getPackage(ctx: CommandContext, packageId: string): Promise<Package> {
  return toPackage(ctx, await loadPackageFor(ctx.db, packageId, ctx.actor));
}

/** One page of files ordered by path; `after` is the `next` of the previous page. */
export async function listPackageFiles(ctx: CommandContext, packageId: string, options: { after?: string; limit?: number }): Promise<FilePage> {
  const { pkg, subject } = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const rows = await listFilePage(ctx.db, packageId, { limit: limit + 1, ...(options.after !== undefined ? { after: options.after } : {}) });
  const page = rows.slice(0, limit);
  // The packages row keeps the count of its files (not deleted), so no query over every file.
  const total = Number(pkg.file_count);
  return { files: page.map((row) => toPackageFile(ctx, subject, row)), total, next: rows.length > limit ? (page.at(-1)?.file.path ?? null) : null };
}

export async function getPackageFile(ctx: CommandContext, packageId: string, fileId: string): Promise<PackageFileDetail> {
  const { subject } = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const file = await findFile(ctx.db, packageId, fileId);
  if (!file) throw new DomainError('file.not_found', 'No such file in this package');
  const versions = await listVersions(ctx.db, file.id);
  const checks = await checkResultsFor(
    ctx.db,
    versions.map((v) => v.id),
  );
  const current = versions.find((v) => v.number === file.current_version) as FileVersionsTable;
  return {
    ...toPackageFile(ctx, subject, { file, current, check: checks.get(current.id) }),
    versions: versions.map((v) => ({ ...toFileVersion(v, checks.get(v.id)), canReadContent: decideFileRead(ctx, subject, file, v.number).ok })),
  };
}

/** One version of a file of a package the actor can see (the current one without `number`); `file.not_found` otherwise. */
export async function versionOf(
  ctx: CommandContext,
  packageId: string,
  fileId: string,
  number: number | undefined,
): Promise<{ state: PackageState; file: PackageFilesTable; version: FileVersionsTable; path: string }> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const file = await findFile(ctx.db, packageId, fileId);
  if (!file) throw new DomainError('file.not_found', 'No such file in this package');
  const version = (await listVersions(ctx.db, file.id)).find((v) => v.number === (number ?? file.current_version));
  if (!version) throw new DomainError('file.not_found', 'No such version of this file');
  return { state, file, version, path: file.path };
}

/** The full check result (findings with locations) of one version of a file; null while not checked. */
export async function getFileCheckResult(ctx: CommandContext, packageId: string, fileId: string, number?: number): Promise<FileCheckResult | null> {
  const { version } = await versionOf(ctx, packageId, fileId, number);
  const check = await findCheckResult(ctx.db, version.id);
  return check ? toFileCheckResult(check) : null;
}

/**
 * The bytes of one version, re-verified against its hash while streamed, for a reader the
 * content rule allows from where they are (policies/package-content.policy.ts; throws
 * `content.outside_environment`, `content.not_a_reader`, `content.not_released` or
 * `content.revoked` otherwise). The read is audited (`file.content_read`) before the stream is
 * handed back, so no byte leaves unrecorded. A hash mismatch ends the stream with
 * `storage.integrity`, recorded in the audit log too.
 */
export async function openFileContent(
  ctx: CommandContext,
  blobs: BlobStore,
  packageId: string,
  fileId: string,
  number?: number,
): Promise<{ stream: Readable; version: FileVersionsTable; path: string }> {
  const { state, file, version, path } = await versionOf(ctx, packageId, fileId, number);
  authorizeFileRead(ctx, state.subject, file, version.number);
  if (state.pkg.status === 'released') await assertReleasedVersion(ctx.db, packageId, version.id);
  const stream = await blobs.open(version.sha256);
  stream.on('error', (error) => {
    if (isDomainError(error) && error.code === 'storage.integrity') void recordIntegrityFailure(ctx, state.pkg, version, 'read for review');
  });
  try {
    await recordContentRead(ctx, state.pkg, file, version);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { stream, version, path };
}

/** Audits a stored blob that no longer matches its hash (the operation that found it has stopped). */
export async function recordIntegrityFailure(ctx: CommandContext, pkg: PackagesTable, version: FileVersionsTable, during: string): Promise<void> {
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, auditBy(ctx, 'storage.integrity_failure', { type: 'package', id: pkg.id, projectId: pkg.project_id }, { fileVersionId: version.id, sha256: version.sha256, during })),
  );
}

export async function updatePackageContext(ctx: CommandContext, packageId: string, input: unknown): Promise<Package> {
  const request = parseInput(updateContextRequestSchema, input);
  const state = await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'edit');
    const fileIds = new Set((await listAllFiles(trx, packageId)).map((f) => f.file.id));
    for (const [fileId, output] of Object.entries(request.context.outputs)) {
      for (const id of [fileId, ...output.supportingFileIds]) {
        if (!fileIds.has(id)) throw new DomainError('file.not_found', 'The context refers to a file that is not in this package', { fileId: id });
      }
    }
    const before = readContext(state.pkg);
    const changed = (Object.keys(request.context) as (keyof typeof before)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(request.context[k]));
    await recordAuthor(trx, packageId, ctx.actor.userId, 'edited_context', nowIso(ctx));
    if (changed.length > 0) await voidSignOffsFor(trx, ctx, state.pkg, 'context_edited', { changed });
    const audit = auditBy(ctx, 'package.context_updated', { type: 'package', id: packageId, projectId: state.pkg.project_id }, { changed });
    state.pkg = await updatePackage(trx, packageId, request.version, { context: JSON.stringify(request.context) }, nowIso(ctx), audit);
    return state;
  });
  return toPackage(ctx, state);
}

export interface StatusDeps {
  /** Called after the change has committed when the package entered `checking`. */
  startChecks(packageId: string, reviewTurn: number): Promise<void>;
}

/** A person's lifecycle action (submit, withdraw, retry, return, retain, reject, release, revoke). */
export async function changePackageStatus(ctx: CommandContext, deps: StatusDeps, packageId: string, input: unknown): Promise<Package> {
  const request = parseInput(packageTransitionRequestSchema, input);
  const state = await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    await transitionPackage(trx, { ...ctx, db: trx }, state, request.action, { version: request.version, ...(request.comment ? { comment: request.comment } : {}) });
    return state;
  });
  if (state.pkg.status === 'checking') await deps.startChecks(packageId, state.pkg.review_turn);
  return toPackage(ctx, state);
}
