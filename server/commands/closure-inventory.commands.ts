/**
 * The inventory of a project's output area (docs/closure.md): every file's path, size,
 * modification time, the store's etag (container prefixes) and sha256, kept by a background job
 * on the job queue (queue `closure.inventory`, docs/jobs.md). A refresh is asked for on demand
 * (API, CLI) or by the schedule (CLOSURE_INVENTORY_INTERVAL_MINUTES); each run re-hashes only
 * files that are new or whose size, time or etag changed (server/domain/closure/inventory-plan.ts)
 * and writes its result in one transaction. One run per project at a time: asking while one is
 * queued or running returns that one.
 *
 * Example: `await requestInventoryRefresh(ctx, projectId, deps)` → the run, `queued`; the worker
 * calls `runInventoryRefresh(systemCtx, deps, { refreshId })`; the checklist then reads the rows.
 */
import { createHash } from 'node:crypto';
import type { InventoryRefresh, InventoryStatus } from '../../common/contracts/closure.contract';
import {
  type InventoryResult,
  failRefresh,
  findPendingRefresh,
  findRefresh,
  insertRefresh,
  listProjectsToInventory,
  loadKnownFiles,
  nextRefreshNumber,
  saveInventory,
  startRefresh,
} from '../db/closure-inventory.repository';
import { newId } from '../db/ids';
import { findProject, lockProject } from '../db/projects.repository';
import type { InventoryRefreshesTable, OutputAreaInventoryTable, ProjectsTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { type SeenFile, needsHash } from '../domain/closure/inventory-plan';
import type { OutputAreaSource, OutputAreas } from '../ports/output-areas';
import { inventoryStatusOf, loadClosureFor, toInventoryRefresh } from './closure.queries';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';

export const INVENTORY_QUEUE = 'closure.inventory';

export interface InventoryJob {
  refreshId: string;
}

/** What asking for a refresh needs: a way to queue the run after the request commits. */
export interface InventoryRequestDeps {
  startInventory(refreshId: string): Promise<void>;
}

/** What running a refresh needs. */
export interface InventoryRunDeps {
  outputAreas: OutputAreas;
  /** Files read at once (default 4). */
  hashConcurrency?: number;
}

function configuredArea(project: ProjectsTable): string {
  if (!project.output_area) throw new DomainError('output_area.not_configured', 'This project has no output area; there is nothing to inventory');
  return project.output_area;
}

/** Records a queued run unless one is pending; returns the run and whether it is new. */
async function queueRun(ctx: CommandContext, project: ProjectsTable, audited: boolean): Promise<{ run: InventoryRefreshesTable; created: boolean }> {
  const area = configuredArea(project);
  return inTransaction(ctx, async (trx) => {
    await lockProject(trx, project.id);
    const pending = await findPendingRefresh(trx, project.id);
    if (pending) return { run: pending, created: false };
    const at = nowIso(ctx);
    const run: InventoryRefreshesTable = {
      id: newId(),
      project_id: project.id,
      number: await nextRefreshNumber(trx, project.id),
      output_area: area,
      requested_by: ctx.actor.userId,
      requested_at: at,
      started_at: null,
      finished_at: null,
      state: 'queued',
      files: 0,
      hashed: 0,
      kept: 0,
      removed: 0,
      skipped: 0,
      unreadable: 0,
      error: null,
    };
    await insertRefresh(trx, run, audited ? auditBy(ctx, 'closure.inventory_requested', { type: 'project', id: project.id, projectId: project.id }, { refreshId: run.id }) : null);
    return { run, created: true };
  });
}

/**
 * Asks for a refresh of the project's inventory (queued; the job runs it). Throws
 * `project.not_found`, `auth.forbidden`, `project.closed`, `output_area.not_configured`. Audited as
 * `closure.inventory_requested` when a new run is queued.
 */
export async function requestInventoryRefresh(ctx: CommandContext, projectId: string, deps: InventoryRequestDeps): Promise<InventoryStatus> {
  const { project } = await loadClosureFor(ctx, projectId, 'refreshInventory');
  const { run, created } = await queueRun(ctx, project, true);
  if (created) await deps.startInventory(run.id);
  return inventoryStatusOf(ctx.db, project);
}

/** Queues a run for every project not closed that has an output area and none pending (the schedule; not audited until it changes something). */
export async function scheduleInventoryRefreshes(ctx: CommandContext, deps: InventoryRequestDeps): Promise<number> {
  let queued = 0;
  for (const { id } of await listProjectsToInventory(ctx.db)) {
    const project = await findProject(ctx.db, id);
    if (!project) continue;
    const { run, created } = await queueRun(ctx, project, false);
    if (created) {
      await deps.startInventory(run.id);
      queued += 1;
    }
  }
  return queued;
}

/** The file's sha256 with the size and time of what was read (null when it cannot be read, or changed while read twice). */
async function hashFile(area: OutputAreaSource, path: string): Promise<{ sha256: string; bytes: number; mtimeMs: number } | null> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const file = await area.openFile(path);
      try {
        const hash = createHash('sha256');
        for await (const chunk of file.stream()) hash.update(chunk as Buffer);
        await file.assertUnchanged();
        return { sha256: hash.digest('hex'), bytes: file.bytes, mtimeMs: file.mtimeMs };
      } finally {
        await file.close();
      }
    } catch {
      // Written to while read, removed, or unreadable: once more, then recorded without a hash.
    }
  }
  return null;
}

/** Walks the area and hashes what changed; nothing is written here. */
async function takeInventory(area: OutputAreaSource, projectId: string, known: Map<string, SeenFile & { sha256: string | null }>, at: string, concurrency: number): Promise<InventoryResult> {
  const counts = { files: 0, hashed: 0, kept: 0, removed: 0, skipped: 0, unreadable: 0 };
  const seen = new Set<string>();
  const toHash: SeenFile[] = [];
  for await (const item of area.inventory()) {
    if (item.kind === 'skipped') {
      counts.skipped += 1;
      continue;
    }
    if (seen.has(item.path)) continue;
    seen.add(item.path);
    counts.files += 1;
    const file: SeenFile = { path: item.path, bytes: item.bytes, mtimeMs: item.mtimeMs, etag: item.etag };
    if (needsHash(file, known.get(item.path))) toHash.push(file);
    else counts.kept += 1;
  }
  const upserts: OutputAreaInventoryTable[] = [];
  let next = 0;
  const worker = async () => {
    while (next < toHash.length) {
      const file = toHash[next++] as SeenFile;
      const hashed = await hashFile(area, file.path);
      if (hashed) counts.hashed += 1;
      else counts.unreadable += 1;
      upserts.push({
        project_id: projectId,
        path: file.path,
        bytes: hashed?.bytes ?? file.bytes,
        mtime_ms: hashed?.mtimeMs ?? file.mtimeMs,
        etag: file.etag,
        sha256: hashed?.sha256 ?? null,
        hashed_at: hashed ? at : null,
        seen_at: at,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const removed = [...known.keys()].filter((path) => !seen.has(path));
  counts.removed = removed.length;
  return { upserts, removed, counts };
}

/**
 * Runs one refresh (the job's handler; idempotent: a run already finished is left alone, a run
 * left `running` by a crash runs again). Throws when the area cannot be read, so the queue
 * retries; `failInventoryRefresh` records the last error. Audited as `closure.inventory_refreshed`
 * (with the counts) when a person asked for it or when the inventory changed.
 */
export async function runInventoryRefresh(ctx: CommandContext, deps: InventoryRunDeps, job: InventoryJob): Promise<InventoryRefresh | null> {
  const run = await findRefresh(ctx.db, job.refreshId);
  if (!run || run.state === 'done' || run.state === 'failed') return null;
  const started = await inTransaction(ctx, (trx) => startRefresh(trx, run.id, nowIso(ctx)));
  if (!started) return null;
  const project = await findProject(ctx.db, run.project_id);
  if (!project || project.output_area !== run.output_area) {
    await inTransaction(ctx, (trx) => failRefresh(trx, run.id, 'The project’s output area changed before the run started', nowIso(ctx)));
    return toInventoryRefresh(ctx.db, (await findRefresh(ctx.db, run.id)) as InventoryRefreshesTable);
  }
  const known = await loadKnownFiles(ctx.db, project.id);
  const area = await deps.outputAreas.open(run.output_area);
  let result: InventoryResult;
  try {
    result = await takeInventory(area, project.id, known, nowIso(ctx), deps.hashConcurrency ?? 4);
  } finally {
    await area.close?.();
  }
  const changed = result.upserts.length > 0 || result.removed.length > 0;
  await inTransaction(ctx, async (trx) => {
    const audit =
      run.requested_by !== null || changed ? auditBy(ctx, 'closure.inventory_refreshed', { type: 'project', id: project.id, projectId: project.id }, { refreshId: run.id, ...result.counts }) : null;
    await saveInventory(trx, run.id, project.id, result, nowIso(ctx), audit);
  });
  return toInventoryRefresh(ctx.db, (await findRefresh(ctx.db, run.id)) as InventoryRefreshesTable);
}

/** Records a run's last error once the queue gives up on it (the job's onDead). */
export async function failInventoryRefresh(ctx: CommandContext, job: InventoryJob, error: string): Promise<void> {
  await inTransaction(ctx, (trx) => failRefresh(trx, job.refreshId, error, nowIso(ctx)));
}

/**
 * Refreshes the inventory now, in this process (the CLI): queues a run as `requestInventoryRefresh`
 * does (or takes the pending one) and runs it at once. Returns the finished run.
 */
export async function refreshInventoryNow(ctx: CommandContext, projectId: string, deps: InventoryRunDeps): Promise<InventoryRefresh> {
  const { project } = await loadClosureFor(ctx, projectId, 'refreshInventory');
  const { run } = await queueRun(ctx, project, true);
  try {
    await runInventoryRefresh(ctx, deps, { refreshId: run.id });
  } catch (error) {
    await failInventoryRefresh(ctx, { refreshId: run.id }, error instanceof Error ? error.message : String(error));
    throw error;
  }
  return toInventoryRefresh(ctx.db, (await findRefresh(ctx.db, run.id)) as InventoryRefreshesTable);
}
