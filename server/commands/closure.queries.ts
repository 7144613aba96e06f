/**
 * Reading a project's closure (docs/closure.md): the facts the checklist is computed from (the
 * inventory of the output area and the database) and the checklist itself, its files page by
 * page, and the inventory's status. The computation is pure (server/domain/closure/checklist.ts);
 * this module only loads. A checklist of 100,000 files is a handful of queries.
 *
 * Example: `(await getClosureChecklist(ctx, projectId)).gaps` → the gaps not waived, each with
 * its stable code (`closure.file_unaccounted`, …).
 */
import { CHECKLIST_FILE_GAPS_SHOWN, type ClosureChecklist, type ClosureFilesPage, type InventoryRefresh, type InventoryStatus, closureFilesQuerySchema } from '../../common/contracts/closure.contract';
import { FILE_FATES, FILE_GAP_CODES, type FileFate } from '../../common/vocab/closure';
import { findLatestRefreshes, listInventory } from '../db/closure-inventory.repository';
import { listCurrentMarks, listCurrentWaivers, listOpenLinks, listReleasedCopies } from '../db/closure.repository';
import { findActiveRole, findProject } from '../db/projects.repository';
import type { Db, InventoryRefreshesTable, PackagesTable, ProjectsTable } from '../db/schema';
import { type ClosureFacts, type ClosureState, type WorkPackageFact, closureState } from '../domain/closure/checklist';
import { DomainError } from '../domain/errors';
import { handoverDecisionsRequired } from '../domain/review/handover';
import { tokenReaches } from '../policies/api-token.policy';
import { type ClosureAction, authorizeClosure, closureAbilities } from '../policies/closure.policy';
import { projectPolicy } from '../policies/project.policy';
import type { ProjectRole } from '../../common/vocab/roles';
import { loadHandoverDecisions } from './handover-decisions.queries';
import { type CommandContext, nowIso } from './context';
import { parseInput } from './parse-input';

/** Loads the project and checks the actor may take `action` on its closure. Throws `project.not_found`, `auth.forbidden`, `project.closed`. */
export async function loadClosureFor(ctx: CommandContext, projectId: string, action: ClosureAction): Promise<{ project: ProjectsTable; role: ProjectRole | null }> {
  if (!tokenReaches(ctx.actor, projectId)) throw new DomainError('project.not_found', 'No such project');
  const project = await findProject(ctx.db, projectId);
  if (!project) throw new DomainError('project.not_found', 'No such project');
  const role = ctx.actor.userId ? await findActiveRole(ctx.db, projectId, ctx.actor.userId) : null;
  authorizeClosure(action, { actor: ctx.actor, role, status: project.status });
  return { project, role };
}

async function personName(db: Db, id: string | null): Promise<{ id: string; name: string } | null> {
  if (id === null) return null;
  const user = await db.selectFrom('users').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  return user ? { id: user.id, name: user.name } : { id, name: id };
}

/** A refresh row as the API shows it. */
export async function toInventoryRefresh(db: Db, row: InventoryRefreshesTable): Promise<InventoryRefresh> {
  return {
    id: row.id,
    state: row.state,
    requestedAt: row.requested_at,
    requestedBy: await personName(db, row.requested_by),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    files: Number(row.files),
    hashed: Number(row.hashed),
    kept: Number(row.kept),
    removed: Number(row.removed),
    skipped: Number(row.skipped),
    unreadable: Number(row.unreadable),
    error: row.error,
  };
}

/** The inventory's status for a project already loaded. */
export async function inventoryStatusOf(db: Db, project: ProjectsTable): Promise<InventoryStatus> {
  const { latest, lastComplete } = await findLatestRefreshes(db, project.id);
  return {
    projectId: project.id,
    outputArea: project.output_area,
    latest: latest ? await toInventoryRefresh(db, latest) : null,
    lastComplete: lastComplete ? await toInventoryRefresh(db, lastComplete) : null,
  };
}

/** Why the inventory cannot be relied on (null when it can). */
function inventoryProblemOf(project: ProjectsTable, latest: InventoryRefreshesTable | undefined, lastComplete: InventoryRefreshesTable | undefined): string | null {
  if (project.output_area === null) return null;
  if (!lastComplete) return 'The output area has not been inventoried yet; refresh the inventory';
  if (lastComplete.output_area !== project.output_area) return 'The last inventory was of another output area; refresh the inventory';
  if (latest && latest.state === 'failed' && latest.number > lastComplete.number) return `The last inventory run failed: ${latest.error ?? 'unknown error'}`;
  return null;
}

async function workPackageFacts(db: Db, projectId: string): Promise<WorkPackageFact[]> {
  const rows = await db
    .selectFrom('work_packages')
    .leftJoin('packages', 'packages.id', 'work_packages.id')
    .select(['work_packages.id', 'work_packages.name', 'work_packages.kind', 'work_packages.status as classification', 'work_packages.tier', 'packages.status as package_status'])
    .where('work_packages.project_id', '=', projectId)
    .orderBy('work_packages.created_at')
    .orderBy('work_packages.name')
    .execute();
  const facts: WorkPackageFact[] = [];
  for (const r of rows) {
    let storageDecisionAgreed = true;
    if (handoverDecisionsRequired(r.kind, r.tier)) {
      const pkg = (await db.selectFrom('packages').selectAll().where('id', '=', r.id).executeTakeFirst()) as PackagesTable;
      const decisions = await loadHandoverDecisions(db, pkg);
      storageDecisionAgreed = decisions.storageRecorded && decisions.storageAgreementsMissing.length === 0;
    }
    facts.push({ id: r.id, name: r.name, kind: r.kind, classification: r.classification, tier: r.tier, packageStatus: r.package_status ?? null, storageDecisionAgreed });
  }
  return facts;
}

/** Everything the checklist is computed from, as of `now` (links open then). */
export async function loadClosureFacts(db: Db, project: ProjectsTable, now: string): Promise<ClosureFacts> {
  const { latest, lastComplete } = await findLatestRefreshes(db, project.id);
  const inventoryProblem = inventoryProblemOf(project, latest, lastComplete);
  const ofThisArea = project.output_area !== null && lastComplete?.output_area === project.output_area;
  const files = ofThisArea
    ? (await listInventory(db, project.id))
        .map((r) => ({ path: r.path, bytes: Number(r.bytes), mtimeMs: Number(r.mtime_ms), sha256: r.sha256 }))
        // By code point, the same on both databases whatever their collation (the files view pages on it).
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    : [];
  return {
    projectId: project.id,
    outputArea: project.output_area,
    inventoryProblem,
    files,
    released: await listReleasedCopies(db, project.id),
    marks: await listCurrentMarks(db, project.id),
    workPackages: await workPackageFacts(db, project.id),
    openLinks: await listOpenLinks(db, project.id, now),
    waivers: await listCurrentWaivers(db, project.id),
  };
}

/** The facts and the checklist computed from them. */
export async function loadClosureState(db: Db, project: ProjectsTable, now: string): Promise<{ facts: ClosureFacts; state: ClosureState }> {
  const facts = await loadClosureFacts(db, project, now);
  return { facts, state: closureState(facts) };
}

/** Whether a project's closure checklist has no gap now (the notifications' closure reminder asks; false for an unknown project). */
export async function isClosureChecklistComplete(db: Db, projectId: string, now: string): Promise<boolean> {
  const project = await findProject(db, projectId);
  if (!project) return false;
  return (await loadClosureState(db, project, now)).state.gaps.length === 0;
}

/** Counts of gaps by code. */
export function countGaps(gaps: readonly { code: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const g of gaps) counts[g.code] = (counts[g.code] ?? 0) + 1;
  return counts;
}

/**
 * Refuses to close a project with gaps: throws the first gap's code (in the order of
 * CLOSURE_GAP_CODES) with every gap's code, item and detail (the first 100) and the counts by
 * code in the details. Called by the close transition inside its transaction.
 */
export async function assertClosureComplete(db: Db, project: ProjectsTable, now: string): Promise<{ waivers: number }> {
  const { state } = await loadClosureState(db, project, now);
  const [first] = state.gaps;
  if (first) {
    const counts = countGaps(state.gaps);
    const summary = Object.entries(counts)
      .map(([code, n]) => `${n} × ${code}`)
      .join(', ');
    throw new DomainError(first.code, `The project cannot close: ${state.gaps.length} item${state.gaps.length === 1 ? ' is' : 's are'} not accounted for (${summary}). See its closure checklist.`, {
      gapTotal: state.gaps.length,
      gapCounts: counts,
      gaps: state.gaps.slice(0, 100).map((g) => ({ code: g.code, key: g.key, detail: g.detail })),
    });
  }
  return { waivers: state.waiversApplied.length };
}

/** The project's closure checklist. Anyone who can see the project may read it. */
export async function getClosureChecklist(ctx: CommandContext, projectId: string): Promise<ClosureChecklist> {
  const { project, role } = await loadClosureFor(ctx, projectId, 'view');
  const { facts, state } = await loadClosureState(ctx.db, project, nowIso(ctx));
  const byFate = Object.fromEntries(FILE_FATES.map((f) => [f, 0])) as Record<FileFate, number>;
  for (const f of state.files) byFate[f.fate] += 1;
  let fileGapsShown = 0;
  const gaps = state.gaps.filter((g) => !FILE_GAP_CODES.includes(g.code) || (fileGapsShown += 1) <= CHECKLIST_FILE_GAPS_SHOWN);
  const subject = { actor: ctx.actor, role, status: project.status };
  const abilities = closureAbilities(subject);
  return {
    projectId,
    projectStatus: project.status,
    complete: state.gaps.length === 0,
    inventory: await inventoryStatusOf(ctx.db, project),
    files: { total: state.files.length, byFate },
    gaps,
    gapCounts: countGaps(state.gaps),
    gapTotal: state.gaps.length,
    waivers: facts.waivers.map((w) => ({ id: w.id, code: w.code, key: w.key, reason: w.reason, by: w.by, at: w.at })),
    abilities: { ...abilities, close: project.status === 'closing' && projectPolicy.changeStatus(subject).ok },
  };
}

/** One page of the checklist's files (by path), optionally of one fate. */
export async function listClosureFiles(ctx: CommandContext, projectId: string, input: unknown): Promise<ClosureFilesPage> {
  const query = parseInput(closureFilesQuerySchema, input);
  const { project } = await loadClosureFor(ctx, projectId, 'view');
  const { state } = await loadClosureState(ctx.db, project, nowIso(ctx));
  const matching = query.fate ? state.files.filter((f) => f.fate === query.fate) : state.files;
  const after = query.after;
  const rest = after === undefined ? matching : matching.filter((f) => f.path > after);
  const files = rest.slice(0, query.limit);
  const last = files.at(-1);
  return { files, total: matching.length, next: rest.length > query.limit && last ? last.path : null };
}

/** The inventory's status (anyone who can see the project). */
export async function getInventoryStatus(ctx: CommandContext, projectId: string): Promise<InventoryStatus> {
  const { project } = await loadClosureFor(ctx, projectId, 'view');
  return inventoryStatusOf(ctx.db, project);
}
