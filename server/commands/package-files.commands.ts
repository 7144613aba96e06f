/**
 * Putting files into a package (docs/design.md §5): every way in (a streamed upload, a finished
 * resumable upload, a copy from the output area) ends in `recordFileVersion`, which adds a new
 * file or a new version of the file at that path. Files are immutable: a change is a new
 * version and earlier versions stay listed. Names are normalised and refused when unsafe or
 * clashing; limits are checked before any byte is read and again when the bytes are in.
 *
 * Example: uploading `results/table1.csv` twice with different content gives one file with
 * versions 1 and 2; uploading it again with the content of version 2 changes nothing.
 */
import { recordAuthor } from '../db/package-authors.repository';
import type { Readable } from 'node:stream';
import type { FileCategory, FileRole, FileSource } from '../../common/vocab/statuses';
import { changeFileRequestSchema, removeFileRequestSchema, reinstateFileRequestSchema } from '../../common/contracts/packages.contract';
import { detectMediaType } from '../checks/formats/detect-type';
import {
  findFile,
  findFileByPathKey,
  insertFile,
  insertFileVersion,
  adjustPackageTotals,
  insertRemoval,
  listVersions,
  markReinstated,
  openRemovalOf,
  toNumber,
  updateFile,
} from '../db/packages.repository';
import { appendAudit } from '../db/audit.repository';
import { newId } from '../db/ids';
import type { FileVersionsTable, PackageFilesTable, Tx } from '../db/schema';
import { DomainError } from '../domain/errors';
import { typeRefusal } from '../domain/packages/allowed-types';
import { suggestCategory } from '../domain/packages/file-category';
import { normalisePath, pathKey } from '../domain/packages/file-path';
import type { BlobStore } from '../ports/blob-store';
import type { PackageServices } from '../ports/package-services';
import { type PackageState, loadPackageFor, lockPackageFor } from './package-access';
import { authorizeIngest } from './package-content-access';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { voidSignOffsFor } from './sign-offs.void';
import { parseInput } from './parse-input';

export interface FileDeps {
  blobs: BlobStore;
  limits: PackageLimits;
}

export interface IncomingFile {
  path: string;
  /** Declared by the client; the bytes must match. */
  expectedBytes?: number;
  expectedSha256?: string;
  source: FileSource;
  sourcePath?: string | null;
  sourceMtimeMs?: number | null;
  note?: string | null;
  role?: FileRole;
  category?: FileCategory;
}

export interface RecordedFile {
  file: PackageFilesTable;
  version: FileVersionsTable;
  /** False when the path already held exactly this content (nothing changed). */
  created: boolean;
}

/** The size limits a package's files are held to (configured, handed over through the port). */
type PackageLimits = PackageServices['limits'];

const HEAD_BYTES = 4 * 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

function checkDeclared(file: IncomingFile, limits: PackageLimits): void {
  if (file.expectedSha256 !== undefined && !SHA256.test(file.expectedSha256)) {
    throw new DomainError('validation.invalid_input', 'The declared sha256 must be 64 lower-case hexadecimal characters');
  }
  if (file.expectedBytes === undefined) return;
  if (!Number.isSafeInteger(file.expectedBytes) || file.expectedBytes < 0) throw new DomainError('validation.invalid_input', 'The declared size must be a whole number of bytes');
  if (file.expectedBytes === 0) throw new DomainError('file.empty', 'The file is empty; there is nothing to release');
  if (file.expectedBytes > limits.maxFileBytes) {
    throw new DomainError('file.too_large', `The file is ${file.expectedBytes} bytes; the largest file accepted is ${limits.maxFileBytes} bytes`);
  }
}

/**
 * Everything that can be refused before a byte is read: who is asking, the package's status,
 * where an upload comes from (`ingest.outside_environment` from outside the environment's
 * networks), the name, the declared size and the package limits. Returns the normalised path.
 */
export async function prepareIngest(ctx: CommandContext, deps: FileDeps, packageId: string, file: IncomingFile): Promise<string> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'edit');
  authorizeIngest(ctx, file.source);
  const path = normalisePath(file.path);
  checkDeclared(file, deps.limits);
  await checkRoom(ctx, state, deps.limits, path, file.expectedBytes ?? 0);
  return path;
}

/** Refuses when a new file or its size would take the package past its limits, or its name clashes. */
async function checkRoom(ctx: CommandContext, state: PackageState, limits: PackageLimits, path: string, bytes: number): Promise<PackageFilesTable | undefined> {
  const existing = await findFileByPathKey(ctx.db, state.pkg.id, pathKey(path));
  if (existing && existing.deleted_at === null && existing.path !== path) {
    throw new DomainError('file.name_clash', `"${path}" differs only in letter case from "${existing.path}", which is already in the package`);
  }
  const totals = { files: state.pkg.file_count, bytes: toNumber(state.pkg.total_bytes) };
  const replacing = existing && existing.deleted_at === null ? toNumber(existing.bytes) : 0;
  if (!(existing && existing.deleted_at === null) && totals.files >= limits.maxPackageFiles) {
    throw new DomainError('package.too_many_files', `The package already holds ${totals.files} files, the most a package may hold`);
  }
  if (totals.bytes - replacing + bytes > limits.maxPackageBytes) {
    throw new DomainError('package.too_large', `Adding ${bytes} bytes would take the package past its limit of ${limits.maxPackageBytes} bytes`);
  }
  return existing;
}

/** Reads the start of a stored blob to detect its type by content (as a new upload's is; redaction results too). */
export async function mediaTypeOf(blobs: BlobStore, sha256: string, path: string): Promise<string> {
  const stream = await blobs.open(sha256);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return detectMediaType(path.slice(path.lastIndexOf('/') + 1), Buffer.concat(chunks));
}

/** Streams the bytes into the blob store (hash and size checked in the same pass) and records them. */
export async function ingestFile(ctx: CommandContext, deps: FileDeps, packageId: string, file: IncomingFile, content: Readable): Promise<RecordedFile> {
  const path = await prepareIngest(ctx, deps, packageId, file);
  const blob = await deps.blobs.put(content, {
    maxBytes: deps.limits.maxFileBytes,
    ...(file.expectedBytes !== undefined ? { expectedBytes: file.expectedBytes } : {}),
    ...(file.expectedSha256 !== undefined ? { expectedSha256: file.expectedSha256 } : {}),
  });
  return recordFileVersion(ctx, deps, packageId, { ...file, path }, blob);
}

/** Records a file version whose bytes are already in the blob store. */
export async function recordFileVersion(ctx: CommandContext, deps: FileDeps, packageId: string, file: IncomingFile, blob: { sha256: string; bytes: number }): Promise<RecordedFile> {
  const path = normalisePath(file.path);
  authorizeIngest(ctx, file.source);
  if (blob.bytes === 0) throw new DomainError('file.empty', 'The file is empty; there is nothing to release');
  if (blob.bytes > deps.limits.maxFileBytes) throw new DomainError('file.too_large', `The file is ${blob.bytes} bytes; the largest file accepted is ${deps.limits.maxFileBytes} bytes`);
  const mediaType = await mediaTypeOf(deps.blobs, blob.sha256, path);
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'edit');
    const refusal = typeRefusal(mediaType, state.workPackage.tier);
    if (refusal) throw new DomainError('file.type_not_allowed', `"${path}" cannot be added: ${refusal}`);
    const existing = await checkRoom({ ...ctx, db: trx }, state, deps.limits, path, blob.bytes);
    const at = nowIso(ctx);
    const object = { type: 'package', id: packageId, projectId: state.pkg.project_id };

    if (existing && existing.deleted_at === null) {
      const [current] = await listVersions(trx, existing.id);
      if (current && current.sha256 === blob.sha256) return { file: existing, version: current, created: false };
    }
    const file_id = existing?.id ?? newId();
    const number = existing ? existing.current_version + 1 : 1;
    const version: FileVersionsTable = {
      id: newId(),
      file_id,
      package_id: packageId,
      number,
      sha256: blob.sha256,
      bytes: blob.bytes,
      media_type: mediaType,
      source: file.source,
      source_path: file.sourcePath ?? null,
      source_mtime_ms: file.sourceMtimeMs ?? null,
      note: file.note ?? null,
      created_by: ctx.actor.userId,
      created_at: at,
      origin_address: ctx.origin?.address ?? null,
    };
    await recordAuthor(trx, packageId, ctx.actor.userId, 'added_file', at);
    let stored: PackageFilesTable;
    const wasIn = existing !== undefined && existing.deleted_at === null;
    await adjustPackageTotals(trx, packageId, wasIn ? 0 : 1, blob.bytes - (wasIn ? toNumber(existing.bytes) : 0));
    if (existing) {
      await insertFileVersion(trx, version);
      stored = await updateFile(trx, existing.id, existing.version, {
        current_version: number,
        bytes: blob.bytes,
        deleted_at: null,
        ...(file.role ? { role: file.role } : {}),
        ...(file.category ? { category: file.category } : {}),
      });
    } else {
      stored = {
        id: file_id,
        package_id: packageId,
        path,
        path_key: pathKey(path),
        role: file.role ?? 'output',
        category: file.category ?? suggestCategory(path, mediaType),
        current_version: 1,
        bytes: blob.bytes,
        removed: 0,
        deleted_at: null,
        version: 1,
        created_at: at,
      };
      await insertFile(trx, stored);
      await insertFileVersion(trx, version);
    }
    await voidSignOffsFor(trx, ctx, state.pkg, 'file_version_added', { fileId: file_id, path, version: number });
    await appendAudit(
      trx,
      auditBy(ctx, number === 1 ? 'package.file_added' : 'package.file_version_added', object, {
        fileId: file_id,
        path,
        version: number,
        sha256: blob.sha256,
        bytes: blob.bytes,
        mediaType,
        source: file.source,
      }),
    );
    return { file: stored, version, created: true };
  });
}

async function changeFile(
  ctx: CommandContext,
  packageId: string,
  fileId: string,
  expectedVersion: number,
  work: (file: PackageFilesTable, state: PackageState, trx: Tx) => Promise<{ changes: Parameters<typeof updateFile>[3]; event: string; summary: Record<string, unknown> }>,
): Promise<PackageFilesTable> {
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'edit');
    const file = await findFile(trx, packageId, fileId);
    if (!file || file.deleted_at !== null) throw new DomainError('file.not_found', 'No such file in this package');
    const { changes, event, summary } = await work(file, state, trx);
    const updated = await updateFile(trx, file.id, expectedVersion, changes);
    await appendAudit(trx, auditBy(ctx, event, { type: 'package', id: packageId, projectId: state.pkg.project_id }, { fileId, path: file.path, ...summary }));
    return updated;
  });
}

/** Changes a file's role (output/supporting) or category. */
export async function changeFileAttributes(ctx: CommandContext, packageId: string, fileId: string, input: unknown): Promise<PackageFilesTable> {
  const request = parseInput(changeFileRequestSchema, input);
  return changeFile(ctx, packageId, fileId, request.version, async (file, state, trx) => {
    if (request.role && request.role !== file.role) await voidSignOffsFor(trx, ctx, state.pkg, 'file_role_changed', { fileId, path: file.path });
    const changes = { ...(request.role ? { role: request.role } : {}), ...(request.category ? { category: request.category } : {}) };
    return {
      changes,
      event: 'package.file_changed',
      summary: { from: { role: file.role, category: file.category }, to: { role: request.role ?? file.role, category: request.category ?? file.category } },
    };
  });
}

/** Takes a file out of the package (while editable). Its versions stay in the history. */
export async function deleteFile(ctx: CommandContext, packageId: string, fileId: string, input: unknown): Promise<PackageFilesTable> {
  const request = parseInput(reinstateFileRequestSchema, input);
  return changeFile(ctx, packageId, fileId, request.version, async (file, state, trx) => {
    if (Number(file.removed) === 1) throw new DomainError('file.removed', 'This file is on the temporarily-removed register; reinstate it before taking it out');
    await voidSignOffsFor(trx, ctx, state.pkg, 'file_taken_out', { fileId, path: file.path });
    await adjustPackageTotals(trx, packageId, -1, -toNumber(file.bytes));
    return { changes: { deleted_at: nowIso(ctx) }, event: 'package.file_deleted', summary: {} };
  });
}

/** Puts a file on the temporarily-removed register with a reason: it stays inside and is not released. */
export async function removeTemporarily(ctx: CommandContext, packageId: string, fileId: string, input: unknown): Promise<PackageFilesTable> {
  const request = parseInput(removeFileRequestSchema, input);
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'edit');
    const file = await findFile(trx, packageId, fileId);
    if (!file || file.deleted_at !== null) throw new DomainError('file.not_found', 'No such file in this package');
    if (Number(file.removed) === 1) throw new DomainError('file.removed', 'This file is already on the temporarily-removed register');
    const updated = await updateFile(trx, file.id, request.version, { removed: 1 });
    await insertRemoval(trx, {
      id: newId(),
      package_id: packageId,
      file_id: file.id,
      version_number: file.current_version,
      reason: request.reason,
      removed_by: ctx.actor.userId as string,
      removed_at: nowIso(ctx),
      reinstated_by: null,
      reinstated_at: null,
      reinstated_version: null,
      outcome: null,
      outcome_by: null,
      outcome_at: null,
    });
    await voidSignOffsFor(trx, ctx, state.pkg, 'item_removed', { fileId, path: file.path });
    await appendAudit(
      trx,
      auditBy(ctx, 'package.item_removed', { type: 'package', id: packageId, projectId: state.pkg.project_id }, { fileId, path: file.path, version: file.current_version, reason: request.reason }),
    );
    return updated;
  });
}

/** Takes a file off the register; its current version (e.g. a redacted one) is what goes back in. */
export async function reinstateFile(ctx: CommandContext, packageId: string, fileId: string, input: unknown): Promise<PackageFilesTable> {
  const request = parseInput(reinstateFileRequestSchema, input);
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'edit');
    const file = await findFile(trx, packageId, fileId);
    if (!file || file.deleted_at !== null) throw new DomainError('file.not_found', 'No such file in this package');
    const removal = await openRemovalOf(trx, file.id);
    if (Number(file.removed) !== 1 || !removal) throw new DomainError('file.not_removed', 'This file is not on the temporarily-removed register');
    const updated = await updateFile(trx, file.id, request.version, { removed: 0 });
    await markReinstated(trx, removal.id, ctx.actor.userId as string, nowIso(ctx), file.current_version);
    await voidSignOffsFor(trx, ctx, state.pkg, 'item_reinstated', { fileId, path: file.path });
    await appendAudit(
      trx,
      auditBy(
        ctx,
        'package.item_reinstated',
        { type: 'package', id: packageId, projectId: state.pkg.project_id },
        {
          fileId,
          path: file.path,
          removedVersion: removal.version_number,
          reinstatedVersion: file.current_version,
        },
      ),
    );
    return updated;
  });
}
