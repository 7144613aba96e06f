/**
 * A project's output area (the environment's folder of finished outputs, e.g. /mnt/output):
 * a system manager sets it; anyone who can see the project browses it one folder at a time,
 * with each file's status relative to a package; the author team copies files or whole
 * folders from it into a package. A copy is the bytes at that moment: a later change on disk
 * shows as `changed` in the listing and never alters what the package holds; adding it again
 * makes a new version. Symbolic links that leave the area are refused (server/storage/output-area.ts).
 * The area is a folder or a storage-container prefix (s3://…, azure://…, read with the
 * server's storage credentials); the commands read it only through the OutputAreas port
 * (server/ports/output-areas.ts), which server/entrypoints wires to server/storage/open-output-area.ts.
 *
 * Example: `importFromOutputArea(ctx, deps, packageId, { paths: ['results'] })` copies every
 * file under results/ to the same paths in the package and reports each one
 * (added / unchanged / refused / skipped).
 */
import { createHash } from 'node:crypto';
import {
  type ImportReport,
  type ImportResult,
  type OutputAreaEntry,
  type OutputAreaListing,
  type OutputAreaSetting,
  OUTPUT_AREA_IMPORT_MAX_FILES,
  browseOutputAreaQuerySchema,
  importFromOutputAreaRequestSchema,
  setOutputAreaRequestSchema,
} from '../../common/contracts/output-area.contract';
import { findOutputAreaCopies } from '../db/output-area.repository';
import { findProject, lockProject, setProjectOutputArea } from '../db/projects.repository';
import type { ProjectsTable } from '../db/schema';
import { listWorkPackages } from '../db/work-packages.repository';
import { DomainError, type ErrorCode, isDomainError } from '../domain/errors';
import { parentPath, parseOutputAreaSetting, parseRequestedPath } from '../domain/packages/output-area-path';
import { cursorOf, isAfterCursor } from '../domain/packages/output-area-order';
import { type OutputAreaCopy, compareWithCopy, fileStatus } from '../domain/packages/output-area-status';
import type { DescribedEntry, OutputAreaSource, OutputAreas } from '../ports/output-areas';
import { type FileDeps, type IncomingFile, prepareIngest, recordFileVersion } from './package-files.commands';
import { loadPackageFor } from './package-access';
import { loadProjectFor } from './projects.commands';
import { type CommandContext, auditBy, inTransaction } from './context';
import { parseInput } from './parse-input';

/** A file of the same size but another modification time is hashed to settle whether it changed, up to this size… */
const HASH_TO_CONFIRM_MAX_BYTES = 8 * 1024 * 1024;
/** …and up to this much hashing per listed page; beyond it, a differing time counts as `changed`. */
const HASH_BUDGET_PER_PAGE = 64 * 1024 * 1024;

/** What reading an output area needs: the port that opens folders and container prefixes (PackageServices.outputAreas). */
export interface OutputAreaDeps {
  outputAreas: OutputAreas;
}

/** Files read and stored at the same time during an import. */
const COPIES_AT_ONCE = 4;

/** Refusals after which every further file of an import would be refused the same way. */
const STOPS_THE_IMPORT: ReadonlySet<ErrorCode> = new Set([
  'package.not_found',
  'package.not_editable',
  'package.too_many_files',
  'project.closed',
  'workflow.not_allowed',
  'storage.unavailable',
  'storage.quota_exceeded',
  'storage.integrity',
]);

function configuredArea(project: ProjectsTable): string {
  if (!project.output_area) {
    throw new DomainError('output_area.not_configured', 'This project has no output area yet; a system manager sets it (egress project output-area)');
  }
  return project.output_area;
}

/** The project's configured output area (null when none). Anyone who can see the project may ask. */
export async function getOutputAreaSetting(ctx: CommandContext, projectId: string): Promise<OutputAreaSetting> {
  const { project } = await loadProjectFor(ctx, projectId, 'view');
  return { projectId, outputArea: project.output_area };
}

/**
 * Sets (or clears, with null) the project's output area: an absolute path of an existing folder
 * the server can read, or a prefix `s3://BUCKET/PREFIX?endpoint=…&region=…` / `azure://CONTAINER/PREFIX`
 * whose bucket or container the server can list. System managers only (and the CLI). Throws
 * `auth.forbidden`, `output_area.unsupported` (another scheme), `output_area.not_found`,
 * `output_area.unreadable`, `project.closed`. Audited as `project.output_area_set`.
 */
export async function setOutputArea(ctx: CommandContext, projectId: string, input: unknown, deps: OutputAreaDeps): Promise<OutputAreaSetting> {
  // Which folder of the server participants may read is a system manager's decision (policies/project.policy.ts).
  await loadProjectFor(ctx, projectId, 'setOutputArea');
  const request = parseInput(setOutputAreaRequestSchema, input);
  const outputArea = parseOutputAreaSetting(request.outputArea);
  if (outputArea !== null) await deps.outputAreas.check(outputArea);
  await inTransaction(ctx, async (trx) => {
    await lockProject(trx, projectId);
    const current = (await findProject(trx, projectId)) as ProjectsTable;
    const audit = auditBy(ctx, 'project.output_area_set', { type: 'project', id: projectId, projectId }, { from: current.output_area, to: outputArea });
    await setProjectOutputArea(trx, projectId, outputArea, audit);
  });
  return { projectId, outputArea };
}

// ---- browsing ----

async function sha256Of(area: OutputAreaSource, path: string): Promise<string | null> {
  try {
    const file = await area.openFile(path);
    try {
      const hash = createHash('sha256');
      for await (const chunk of file.stream()) hash.update(chunk as Buffer);
      return hash.digest('hex');
    } finally {
      await file.close();
    }
  } catch {
    return null; // unreadable now: report it as changed rather than fail the listing
  }
}

/** Whether each file on the page still matches this package's copy of it (hashing small, touched files). */
async function matchesOwnCopies(area: OutputAreaSource, files: readonly DescribedEntry[], own: Map<string, OutputAreaCopy>): Promise<Set<string>> {
  const matching = new Set<string>();
  let budget = HASH_BUDGET_PER_PAGE;
  for (const file of files) {
    const copy = own.get(file.path);
    if (!copy || file.bytes === null || file.mtimeMs === null) continue;
    const comparison = compareWithCopy({ bytes: file.bytes, mtimeMs: file.mtimeMs }, copy);
    if (comparison === 'same') matching.add(file.path);
    if (comparison !== 'unsure' || file.bytes > HASH_TO_CONFIRM_MAX_BYTES || file.bytes > budget) continue;
    budget -= file.bytes;
    if ((await sha256Of(area, file.path)) === copy.sha256) matching.add(file.path);
  }
  return matching;
}

/**
 * One page of one folder of the output area (folders first, then files, by name), each file
 * with its status relative to `packageId` when given. Throws `project.not_found`,
 * `package.not_found` (not a package of this project), `output_area.not_configured`,
 * `output_area.outside`, `output_area.not_found`, `output_area.unreadable`.
 */
export async function browseOutputArea(ctx: CommandContext, projectId: string, input: unknown, deps: OutputAreaDeps): Promise<OutputAreaListing> {
  const query = parseInput(browseOutputAreaQuerySchema, input);
  const { project } = await loadProjectFor(ctx, projectId, 'view');
  const packageId = query.packageId ?? null;
  if (packageId !== null) {
    const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'view');
    if (state.pkg.project_id !== projectId) throw new DomainError('package.not_found', 'No such package in this project');
  }
  const area = await deps.outputAreas.open(configuredArea(project));
  try {
    return await listPage(ctx, area, project, packageId, query);
  } finally {
    await area.close?.();
  }
}

async function listPage(
  ctx: CommandContext,
  area: OutputAreaSource,
  project: ProjectsTable,
  packageId: string | null,
  query: { path: string; after?: string | undefined; limit: number },
): Promise<OutputAreaListing> {
  const projectId = project.id;
  const { relative, entries } = await area.list(query.path);
  const remaining = query.after === undefined ? entries : entries.filter((e) => isAfterCursor(e, query.after as string));
  const page = await area.describe(remaining.slice(0, query.limit));
  const last = page.at(-1);
  const next = remaining.length > query.limit && last ? cursorOf(last) : null;

  const files = page.filter((e) => e.kind === 'file');
  const copies = await findOutputAreaCopies(
    ctx.db,
    projectId,
    files.map((f) => f.path),
  );
  const own = new Map<string, OutputAreaCopy>();
  for (const [path, list] of copies) {
    const mine = list.find((c) => c.packageId === packageId);
    if (mine) own.set(path, mine);
  }
  const matching = await matchesOwnCopies(area, files, own);
  const names = new Map((await listWorkPackages(ctx.db, projectId)).map((w) => [w.id, w.name]));

  const toEntry = (e: DescribedEntry): OutputAreaEntry => {
    const held = e.kind === 'file' ? (copies.get(e.path) ?? []) : [];
    const mine = own.get(e.path);
    return {
      name: e.name,
      path: e.path,
      kind: e.kind,
      reason: e.reason,
      link: e.link,
      bytes: e.bytes,
      modifiedAt: e.mtimeMs === null ? null : new Date(e.mtimeMs).toISOString(),
      status: e.kind === 'file' ? fileStatus(packageId, held, () => matching.has(e.path)) : null,
      inPackage: mine ? { fileId: mine.fileId, version: mine.version } : null,
      packages: held.map((c) => ({ id: c.packageId, name: names.get(c.packageId) ?? '', status: c.packageStatus })),
    };
  };
  return {
    projectId,
    outputArea: configuredArea(project),
    path: relative,
    parent: parentPath(relative),
    packageId,
    entries: page.map(toEntry),
    total: entries.length,
    next,
  };
}

// ---- importing ----

type Refusal = { code: string; message: string };

/** A per-file refusal from a domain or file-system error; anything else is a fault and is rethrown. */
function refusalOf(error: unknown): Refusal {
  if (isDomainError(error)) return { code: error.code, message: error.message };
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  if (errno === 'ENOENT') return { code: 'output_area.not_found', message: 'The file disappeared before it could be copied' };
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EIO' || errno === 'EISDIR') {
    return { code: 'output_area.unreadable', message: `The file cannot be read (${errno})` };
  }
  throw error;
}

/** Copies one file's bytes as they are now into the blob store, then records them as a file version. */
async function copyOne(ctx: CommandContext, deps: FileDeps, area: OutputAreaSource, packageId: string, path: string): Promise<ImportResult> {
  const file = await area.openFile(path);
  try {
    const incoming: IncomingFile = { path, expectedBytes: file.bytes, source: 'output_area', sourcePath: path, sourceMtimeMs: file.mtimeMs };
    const packagePath = await prepareIngest(ctx, deps, packageId, incoming);
    const blob = await deps.blobs.put(file.stream(), { maxBytes: deps.limits.maxFileBytes, expectedBytes: file.bytes });
    // Written to while copied (same size, new time): the copy may mix old and new bytes.
    await file.assertUnchanged();
    const recorded = await recordFileVersion(ctx, deps, packageId, { ...incoming, path: packagePath }, blob);
    return { path, outcome: recorded.created ? 'added' : 'unchanged', fileId: recorded.file.id, version: recorded.version.number, code: null, message: null };
  } finally {
    await file.close();
  }
}

/** Expands the requested paths into files (deduplicated) and per-path refusals or skips; refuses more than the maximum. */
async function expand(area: OutputAreaSource, paths: readonly string[]): Promise<{ files: string[]; notes: ImportResult[] }> {
  const files = new Set<string>();
  const notes: ImportResult[] = [];
  const note = (path: string, outcome: 'refused' | 'skipped', refusal: Refusal): void => {
    notes.push({ path, outcome, fileId: null, version: null, code: refusal.code, message: refusal.message });
  };
  for (const path of paths) {
    try {
      for await (const item of area.walk(path, OUTPUT_AREA_IMPORT_MAX_FILES - files.size)) {
        if (item.kind === 'skipped') note(item.path, 'skipped', item);
        else files.add(item.path);
        if (files.size > OUTPUT_AREA_IMPORT_MAX_FILES) {
          throw new DomainError('package.too_many_files', `The selection holds more than ${OUTPUT_AREA_IMPORT_MAX_FILES} files; add at most ${OUTPUT_AREA_IMPORT_MAX_FILES} files at a time`);
        }
      }
    } catch (error) {
      if (isDomainError(error) && error.code === 'package.too_many_files') throw error;
      note(path, 'refused', refusalOf(error));
    }
  }
  return { files: [...files], notes };
}

/**
 * Copies files and folders (recursively) from the project's output area into a package, each
 * at the same path as in the area. At most 10,000 files per request. Refuses the whole request
 * (nothing copied) for `..` in a path (`output_area.outside`), more files than allowed
 * (`package.too_many_files`), a package the actor may not edit (`workflow.not_allowed`,
 * `package.not_editable`) or an area not configured; otherwise reports each file: added,
 * unchanged (the package already holds this content at this path), refused (code and
 * message: e.g. `output_area.outside` for a link leaving the area, `file.size_mismatch` when it
 * changed size while copied) or skipped (links leaving the area and special files inside a folder).
 * Each added file is audited by `recordFileVersion`.
 */
export async function importFromOutputArea(ctx: CommandContext, deps: FileDeps & OutputAreaDeps, packageId: string, input: unknown): Promise<ImportReport> {
  const request = parseInput(importFromOutputAreaRequestSchema, input);
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor, 'edit');
  const requested = [...new Set(request.paths.map((p) => parseRequestedPath(p)))];
  const area = await deps.outputAreas.open(configuredArea(state.project));
  try {
    return await copyAll(ctx, deps, area, packageId, requested);
  } finally {
    await area.close?.();
  }
}

async function copyAll(ctx: CommandContext, deps: FileDeps, area: OutputAreaSource, packageId: string, requested: readonly string[]): Promise<ImportReport> {
  const { files, notes } = await expand(area, requested);

  const copied: ImportResult[] = new Array(files.length);
  let stopped: Refusal | null = null;
  let fault: { error: unknown } | null = null;
  let nextIndex = 0;
  // A few files are read and stored at once (storing is mostly waiting for the disk); recording
  // them still runs one at a time under the package's lock, which re-checks every limit.
  const worker = async (): Promise<void> => {
    while (nextIndex < files.length && !fault) {
      const index = nextIndex++;
      const path = files[index] as string;
      if (stopped) {
        copied[index] = { path, outcome: 'refused', fileId: null, version: null, ...stopped };
        continue;
      }
      try {
        copied[index] = await copyOne(ctx, deps, area, packageId, path);
      } catch (error) {
        let refusal: Refusal;
        try {
          refusal = refusalOf(error);
        } catch {
          fault = { error }; // a fault, not a refusal: the other copies stop and the request fails
          return;
        }
        copied[index] = { path, outcome: 'refused', fileId: null, version: null, ...refusal };
        if (STOPS_THE_IMPORT.has(refusal.code as ErrorCode)) stopped = refusal;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPIES_AT_ONCE, files.length) }, worker));
  if (fault) throw (fault as { error: unknown }).error;
  const results = [...notes, ...copied];
  const counts = { added: 0, unchanged: 0, refused: 0, skipped: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return { packageId, results, counts };
}
