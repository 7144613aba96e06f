/**
 * Resumable uploads into a package (the tus protocol; the HTTP side is
 * server/http/routes/uploads.routes.ts). An upload is prepared (everything that can be refused
 * is refused before a byte arrives), opened (a row records who uploads what where), receives
 * its bytes in any number of requests, and is finished: the staged bytes go into the blob store
 * (hashed in that pass, checked against the declared size and sha256) and are recorded as a
 * file version. Only the person who opened an upload can see, continue or cancel it; to anyone
 * else it does not exist. A refused finish records nothing and discards the upload.
 *
 * The sha256 can be declared when the upload is created (metadata) or, by a client that hashes
 * while it sends, by the request that carries the last byte; the bytes must match both.
 *
 * Example: a researcher opens an upload of 3 MiB for `results/t1.csv` with its sha256, sends
 * 1 MiB, the server restarts, the client asks for the offset (1 MiB) and sends the rest;
 * `finishUpload` records version 1 of `results/t1.csv` and marks the upload completed.
 */
import { type UploadMetadata, type UploadPreflightRequest, type UploadPreflightResponse, uploadMetadataSchema, uploadPreflightRequestSchema } from '../../common/contracts/uploads.contract';
import { findFileByPathKey, findPackage, listVersions } from '../db/packages.repository';
import { type UploadRow, deleteOpenUpload, findUpload, insertUpload, markUploadCompleted } from '../db/uploads.repository';
import { DomainError, isDomainError } from '../domain/errors';
import { pathKey } from '../domain/packages/file-path';
import type { PackagePolicyAction } from '../policies/package.policy';
import type { PutOptions, StoredBlob } from '../ports/blob-store';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { loadPackageFor } from './package-access';
import { authorizeIngest } from './package-content-access';
import { type FileDeps, type IncomingFile, type RecordedFile, prepareIngest, recordFileVersion } from './package-files.commands';
import { parseInput } from './parse-input';

/** What a client declares when it creates an upload: the size in bytes and the tus metadata. */
export interface UploadDeclaration {
  bytes: number;
  metadata: unknown;
}

/** An upload that passed every check that can be made before its bytes arrive. */
export interface PreparedUpload {
  packageId: string;
  /** The normalised path. */
  path: string;
  bytes: number;
  sha256: string | null;
}

export interface FinishedUpload extends RecordedFile {
  /** The sha256 computed from the bytes received. */
  sha256: string;
}

const notFound = () => new DomainError('upload.not_found', 'No such upload; it may have been completed, cancelled or refused, or it belongs to someone else');

const incomingOf = (row: Pick<UploadRow, 'path' | 'bytes' | 'expected_sha256'>): IncomingFile => ({
  path: row.path,
  source: 'upload',
  expectedBytes: row.bytes,
  ...(row.expected_sha256 ? { expectedSha256: row.expected_sha256 } : {}),
});

async function packageObject(ctx: CommandContext, packageId: string) {
  const pkg = await findPackage(ctx.db, packageId);
  return { type: 'package', id: packageId, projectId: pkg?.project_id ?? null };
}

/**
 * Checks a new upload before any byte arrives: the metadata, who is asking, the package's
 * status, the name, the declared size and the package's limits.
 * Throws `validation.invalid_input`, `package.*`, `workflow.not_allowed`, `file.name_invalid`,
 * `file.name_clash`, `file.empty`, `file.too_large` (see prepareIngest).
 */
export async function prepareUpload(ctx: CommandContext, deps: FileDeps, declaration: UploadDeclaration): Promise<PreparedUpload> {
  const metadata: UploadMetadata = parseInput(uploadMetadataSchema, declaration.metadata);
  const path = await prepareIngest(ctx, deps, metadata.packageId, {
    path: metadata.path,
    source: 'upload',
    expectedBytes: declaration.bytes,
    ...(metadata.sha256 ? { expectedSha256: metadata.sha256 } : {}),
  });
  return { packageId: metadata.packageId, path, bytes: declaration.bytes, sha256: metadata.sha256 ?? null };
}

/**
 * Answers, before any byte is sent, whether an upload of this content to this path would be
 * refused (throws the refusal `prepareUpload` would), whether a file is at that path
 * (`versionNumber`) and whether it holds exactly this content (`unchanged`: nothing needs
 * sending; always false when no sha256 is given).
 */
export async function preflightUpload(ctx: CommandContext, deps: FileDeps, input: unknown): Promise<UploadPreflightResponse> {
  const request: UploadPreflightRequest = parseInput(uploadPreflightRequestSchema, input);
  const prepared = await prepareUpload(ctx, deps, { bytes: request.bytes, metadata: request });
  const file = await findFileByPathKey(ctx.db, prepared.packageId, pathKey(prepared.path));
  if (!file || file.deleted_at !== null || file.path !== prepared.path) return { unchanged: false, versionNumber: null };
  const [current] = await listVersions(ctx.db, file.id);
  const unchanged = request.sha256 !== undefined && current?.sha256 === request.sha256 && Number(current?.bytes) === request.bytes;
  return { unchanged, versionNumber: current?.number ?? null };
}

/** Records that the actor opened upload `uploadId` (the tus id) as prepared. */
export async function openUpload(ctx: CommandContext, uploadId: string, prepared: PreparedUpload): Promise<UploadRow> {
  if (!ctx.actor.userId) throw new DomainError('auth.unauthenticated', 'Only a person can upload files');
  const row: UploadRow = {
    id: uploadId,
    package_id: prepared.packageId,
    user_id: ctx.actor.userId,
    path: prepared.path,
    bytes: prepared.bytes,
    expected_sha256: prepared.sha256,
    created_at: nowIso(ctx),
    completed_at: null,
    file_version_id: null,
  };
  const object = await packageObject(ctx, prepared.packageId);
  await inTransaction(ctx, (trx) => insertUpload(trx, row, auditBy(ctx, 'package.upload_started', object, { uploadId, path: row.path, bytes: row.bytes })));
  return row;
}

/**
 * The actor's own open upload. Throws `upload.not_found` when there is none, when someone
 * else opened it, when it is finished, or when the actor can no longer see its package;
 * with `action: 'edit'` (more bytes), also the package's refusal when it can no longer be
 * changed, and `ingest.outside_environment` when the bytes would come from outside the environment.
 */
export async function findOwnUpload(ctx: CommandContext, uploadId: string, action: Extract<PackagePolicyAction, 'view' | 'edit'> = 'view'): Promise<UploadRow> {
  const row = await findUpload(ctx.db, uploadId);
  if (!row || row.completed_at !== null || ctx.actor.userId === null || row.user_id !== ctx.actor.userId) throw notFound();
  try {
    await loadPackageFor(ctx.db, row.package_id, ctx.actor, action);
  } catch (error) {
    if (isDomainError(error) && error.code === 'package.not_found') throw notFound();
    throw error;
  }
  if (action === 'edit') authorizeIngest(ctx, 'upload');
  return row;
}

async function discardUpload(ctx: CommandContext, row: UploadRow, event: string, summary: Record<string, unknown>): Promise<void> {
  const object = await packageObject(ctx, row.package_id);
  await inTransaction(ctx, (trx) => deleteOpenUpload(trx, row.id, auditBy(ctx, event, object, { uploadId: row.id, path: row.path, ...summary })));
}

/**
 * Finishes a complete upload: has the staged bytes stored in the blob store (`storeStaged`,
 * which must refuse bytes that do not match the options it is given, like BlobStore.put),
 * records them as a file version at the upload's path and marks the upload completed.
 * `finalSha256` is the sha256 declared by the request that carried the last byte, if any.
 * On any refusal the upload is discarded (nothing is recorded) and the refusal is thrown:
 * `file.hash_mismatch`, `file.size_mismatch`, `file.type_not_allowed`, `package.not_editable`…
 * The caller removes the staged bytes either way.
 */
export async function finishUpload(ctx: CommandContext, deps: FileDeps, uploadId: string, storeStaged: (options: PutOptions) => Promise<StoredBlob>, finalSha256?: string): Promise<FinishedUpload> {
  const row = await findOwnUpload(ctx, uploadId);
  const incoming = incomingOf(row);
  try {
    // Refuse cheaply (package no longer editable, a name now clashing) before hashing the bytes.
    await prepareIngest(ctx, deps, row.package_id, incoming);
    if (finalSha256 !== undefined && row.expected_sha256 && finalSha256 !== row.expected_sha256) {
      throw new DomainError('file.hash_mismatch', 'The sha256 declared with the last bytes differs from the one declared when the upload was created');
    }
    const expectedSha256 = row.expected_sha256 ?? finalSha256;
    const blob = await storeStaged({ expectedBytes: row.bytes, maxBytes: deps.limits.maxFileBytes, ...(expectedSha256 ? { expectedSha256 } : {}) });
    const recorded = await recordFileVersion(ctx, deps, row.package_id, incoming, blob);
    const object = await packageObject(ctx, row.package_id);
    await inTransaction(ctx, (trx) =>
      markUploadCompleted(
        trx,
        row.id,
        nowIso(ctx),
        recorded.version.id,
        auditBy(ctx, 'package.upload_completed', object, { uploadId: row.id, path: row.path, fileVersionId: recorded.version.id, created: recorded.created }),
      ),
    );
    return { ...recorded, sha256: blob.sha256 };
  } catch (error) {
    const code = isDomainError(error) ? error.code : 'internal';
    await discardUpload(ctx, row, 'package.upload_refused', { code }).catch(() => undefined);
    throw error;
  }
}

/** Cancels the actor's own open upload (tus termination). Throws `upload.not_found`. */
export async function cancelUpload(ctx: CommandContext, uploadId: string): Promise<void> {
  const row = await findOwnUpload(ctx, uploadId);
  await discardUpload(ctx, row, 'package.upload_cancelled', {});
}

/** Forgets an upload whose staging could not be created after it was opened. */
export async function abandonUpload(ctx: CommandContext, uploadId: string): Promise<void> {
  const row = await findUpload(ctx.db, uploadId);
  if (row && row.completed_at === null) await discardUpload(ctx, row, 'package.upload_abandoned', {});
}
