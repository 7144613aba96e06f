/**
 * Reading redactions (issue 13): the operations that apply to a file's current version (with
 * what the caller may do), the provenance of a version, a package's proposals, and the diff of a
 * redacted version (or a proposal) against the version it came from.
 *
 * The diff of a text-like file is the file's content, so it follows the content-confinement rule
 * (policies/package-content.policy.ts, docs/packages.md): the package's reviewers from anywhere,
 * its author team and managers from inside the environment's networks; each text diff shown is
 * audited as a content read of both versions. Anyone else who may view the package gets the
 * change list only, with the refusal in words. Texts over DIFF_TEXT_MAX_BYTES are not compared
 * (`truncated`).
 */
import {
  REDACTION_DIFF_MAX_LINES,
  type RedactionDiff,
  type RedactionOperationList,
  type RedactionOutcomeInfo,
  type RedactionProposalList,
  type VersionProvenance,
} from '../../common/contracts/redaction.contract';
import { isTextType } from '../checks/formats/detect-type';
import { listVersions } from '../db/packages.repository';
import { findRedactionProposal, findRedactionRecord, listRedactionProposals, toProposal, toProvenance } from '../db/redaction.repository';
import type { FileVersionsTable, PackageFilesTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { lineDiff } from '../domain/redaction/line-diff';
import { redactionAbilities } from '../policies/redaction.policy';
import type { BlobStore } from '../ports/blob-store';
import type { Redactor } from '../ports/redactor';
import type { CommandContext } from './context';
import { type PackageState, loadPackageFor } from './package-access';
import { decideFileRead, recordContentRead } from './package-content-access';
import { currentVersionOf } from './redaction-run';

/** The largest text (bytes, each side) a diff compares. */
export const DIFF_TEXT_MAX_BYTES = 1024 * 1024;

/** The operations that support the file's current version, and what the caller may do with them now. */
export async function listRedactionOperations(ctx: CommandContext, redactor: Redactor, packageId: string, fileId: string): Promise<RedactionOperationList> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'view');
  const { file, current } = await currentVersionOf(ctx.db, packageId, fileId);
  const abilities = redactionAbilities(state.subject);
  return {
    fileId: file.id,
    fileVersionId: current.id,
    versionNumber: current.number,
    mediaType: current.media_type,
    operations: redactor.operationsFor({ name: file.path.slice(file.path.lastIndexOf('/') + 1), mediaType: current.media_type }),
    abilities: { preview: abilities.preview, apply: abilities.apply, propose: abilities.propose },
  };
}

async function versionOfFile(
  ctx: CommandContext,
  packageId: string,
  fileId: string,
  versionId: string,
): Promise<{ state: PackageState; file: PackageFilesTable; version: FileVersionsTable; versions: FileVersionsTable[] }> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'view');
  const { file } = await currentVersionOf(ctx.db, packageId, fileId);
  const versions = await listVersions(ctx.db, file.id);
  const version = versions.find((v) => v.id === versionId);
  if (!version) throw new DomainError('redaction.version_not_found', 'No such version of this file');
  return { state, file, version, versions };
}

/** The provenance of a version of a file: null when no redaction made it. */
export async function getVersionProvenance(ctx: CommandContext, packageId: string, fileId: string, versionId: string): Promise<VersionProvenance> {
  const { version } = await versionOfFile(ctx, packageId, fileId, versionId);
  const record = await findRedactionRecord(ctx.db, version.id);
  return { fileVersionId: version.id, provenance: record ? toProvenance(record) : null };
}

/** Every proposal of the package, newest first, with whether the caller may accept or decline pending ones now. */
export async function listPackageRedactionProposals(ctx: CommandContext, packageId: string): Promise<RedactionProposalList> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'view');
  const rows = await listRedactionProposals(ctx.db, packageId);
  const currentOf = new Map<string, number>();
  for (const row of rows) {
    if (!currentOf.has(row.file_id)) {
      const file = await ctx.db.selectFrom('package_files').select('current_version').where('id', '=', row.file_id).executeTakeFirst();
      currentOf.set(row.file_id, Number(file?.current_version ?? 0));
    }
  }
  const abilities = redactionAbilities(state.subject);
  return { proposals: rows.map((row) => toProposal(row, currentOf.get(row.file_id) ?? 0)), abilities: { accept: abilities.accept, decline: abilities.decline } };
}

async function readText(blobs: BlobStore, sha256: string): Promise<string | null> {
  const stream = await blobs.open(sha256);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > DIFF_TEXT_MAX_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

interface DiffSides {
  state: PackageState;
  file: PackageFilesTable;
  from: FileVersionsTable;
  /** The result: a version, or a proposal's bytes. */
  to: { version: FileVersionsTable | null; sha256: string };
  outcome: RedactionOutcomeInfo;
}

async function diffOf(ctx: CommandContext, blobs: BlobStore, sides: DiffSides): Promise<RedactionDiff> {
  const { state, file, from, to, outcome } = sides;
  const base = {
    from: { fileVersionId: from.id, versionNumber: from.number, sha256: from.sha256 },
    to: { fileVersionId: to.version?.id ?? null, versionNumber: to.version?.number ?? null, sha256: to.sha256 },
    outcome,
  };
  if (!isTextType(from.media_type)) return { kind: 'changes', ...base, hunks: [], truncated: false, refusal: null };
  // The text is the content of both versions: the content rule for each, as a download would be.
  const refused = [decideFileRead(ctx, state.subject, file, from.number), ...(to.version ? [decideFileRead(ctx, state.subject, file, to.version.number)] : [])].find((d) => !d.ok);
  if (refused && !refused.ok) return { kind: 'text', ...base, hunks: [], truncated: false, refusal: refused.reason };
  const before = await readText(blobs, from.sha256);
  const after = await readText(blobs, to.sha256);
  if (before === null || after === null) return { kind: 'text', ...base, hunks: [], truncated: true, refusal: null };
  await recordContentRead(ctx, state.pkg, file, from);
  if (to.version) await recordContentRead(ctx, state.pkg, file, to.version);
  const { hunks, truncated } = lineDiff(before, after, REDACTION_DIFF_MAX_LINES);
  return { kind: 'text', ...base, hunks, truncated, refusal: null };
}

/** The diff of a redacted version against the version it was made from; refused with `redaction.version_not_found` for a version no redaction made. */
export async function getVersionDiff(ctx: CommandContext, blobs: BlobStore, packageId: string, fileId: string, versionId: string): Promise<RedactionDiff> {
  const { state, file, version, versions } = await versionOfFile(ctx, packageId, fileId, versionId);
  const record = await findRedactionRecord(ctx.db, version.id);
  if (!record) throw new DomainError('redaction.version_not_found', 'This version was not made by a redaction, so there is nothing to compare it with');
  const from = versions.find((v) => v.id === record.original_version_id) as FileVersionsTable;
  return diffOf(ctx, blobs, { state, file, from, to: { version, sha256: version.sha256 }, outcome: toProvenance(record).outcome });
}

/** The diff of a proposal's result against the version it was proposed on. */
export async function getProposalDiff(ctx: CommandContext, blobs: BlobStore, packageId: string, proposalId: string): Promise<RedactionDiff> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'view');
  const row = await findRedactionProposal(ctx.db, packageId, proposalId);
  if (!row) throw new DomainError('redaction.proposal_not_found', 'No such proposed redaction in this package');
  const { file } = await currentVersionOf(ctx.db, packageId, row.file_id);
  const from = (await listVersions(ctx.db, file.id)).find((v) => v.id === row.original_version_id) as FileVersionsTable;
  return diffOf(ctx, blobs, { state, file, from, to: { version: null, sha256: row.result_sha256 }, outcome: toProposal(row, file.current_version).outcome });
}
