/** Read models for projects: what a caller may see, with their abilities. */
import type { Dataset, Participant, Project, ProjectDetail } from '../../common/contracts/projects.contract';
import type { ProjectRole } from '../../common/vocab/roles';
import { WORK_PACKAGE_KINDS, type WorkPackageKind } from '../../common/vocab/statuses';
import { findActiveRole, listActiveParticipants, listDatasets, listProjects, toDataset, toParticipant, toProject } from '../db/projects.repository';
import { findQuestionSetById } from '../db/question-sets.repository';
import type { Db, ProjectsTable } from '../db/schema';
import { listWorkPackageDatasetIds, listWorkPackages, toWorkPackageSummary } from '../db/work-packages.repository';
import { projectAbilities } from '../policies/project.policy';
import { canSession, sessionAbilities } from '../policies/session.policy';
import type { CommandContext } from './context';
import { loadProjectFor } from './projects.commands';

async function toProjectOf(db: Db, row: ProjectsTable, myRole: ProjectRole | null): Promise<Project> {
  const set = await findQuestionSetById(db, row.question_set_id);
  return toProject(row, set ? `${set.name} v${set.version}` : row.question_set_id, myRole);
}

/** Projects the caller can see: all for system and programme managers, otherwise their own. */
export async function listVisibleProjects(ctx: CommandContext): Promise<{ projects: Project[]; abilities: Record<string, boolean> }> {
  const rows = await listProjects(ctx.db, canSession('seeAllProjects', ctx.actor) ? undefined : (ctx.actor.userId ?? '-'));
  const projects = [];
  for (const row of rows) {
    const role = ctx.actor.userId ? await findActiveRole(ctx.db, row.id, ctx.actor.userId) : null;
    projects.push(await toProjectOf(ctx.db, row, role));
  }
  return { projects, abilities: sessionAbilities(ctx.actor) };
}

/** A project with its participants, datasets and work packages. Throws `project.not_found`. */
export async function getProjectDetail(ctx: CommandContext, projectId: string): Promise<ProjectDetail> {
  const { project, role } = await loadProjectFor(ctx, projectId, 'view');
  const participants: Participant[] = (await listActiveParticipants(ctx.db, projectId)).map(toParticipant);
  const datasets: Dataset[] = (await listDatasets(ctx.db, projectId)).map(toDataset);
  // Ingress first, then the two recommended egress packages, then the others as they were added.
  const rank = (kind: WorkPackageKind) => WORK_PACKAGE_KINDS.indexOf(kind);
  const wps = (await listWorkPackages(ctx.db, projectId)).sort((a, b) => rank(a.kind) - rank(b.kind));
  const datasetIds = await listWorkPackageDatasetIds(
    ctx.db,
    wps.map((w) => w.id),
  );
  return {
    project: await toProjectOf(ctx.db, project, role),
    participants,
    datasets,
    workPackages: wps.map((w) => toWorkPackageSummary(w, datasetIds.get(w.id) ?? [])),
    abilities: projectAbilities({ actor: ctx.actor, role, status: project.status }),
  };
}
