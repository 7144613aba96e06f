/**
 * Use cases on projects: creating one (with its three default work packages), participants
 * with the role-separation rules of docs/design.md §3.1, datasets and extra egress work packages.
 */
import {
  type CreateDatasetRequest,
  type CreateProjectRequest,
  addParticipantRequestSchema,
  createDatasetRequestSchema,
  changeProjectStatusRequestSchema,
  createProjectRequestSchema,
} from '../../common/contracts/projects.contract';
import { createWorkPackageRequestSchema, setWorkPackageDatasetsRequestSchema } from '../../common/contracts/work-packages.contract';
import type { ProjectRole } from '../../common/vocab/roles';
import type { WorkPackageKind } from '../../common/vocab/statuses';
import {
  findActiveRole,
  findParticipant,
  findProject,
  insertDataset,
  insertParticipant,
  insertProject,
  listActiveParticipants,
  listDatasets,
  lockProject,
  markParticipantRemoved,
  updateProjectStatus,
} from '../db/projects.repository';
import { findLatestQuestionSet } from '../db/question-sets.repository';
import type { ProjectsTable, Tx, WorkPackagesTable } from '../db/schema';
import { findUserByEmail } from '../db/users.repository';
import { insertWorkPackage, listWorkPackages, replaceWorkPackageDatasets } from '../db/work-packages.repository';
import { DomainError } from '../domain/errors';
import { PROJECT_TRANSITIONS, type ProjectTransitionAction } from '../../common/workflow/project.workflow';
import { tokenReaches } from '../policies/api-token.policy';
import { type ProjectAction, authorizeProject } from '../policies/project.policy';
import { authorizeSession } from '../policies/session.policy';
import { settleClassification, settleProjectClassifications } from './classification.commands';
import { lockAndLoadClassificationState, requireVersion, workPackageSubject } from './classification-state';
import { authorizeWorkPackage } from '../policies/work-package.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { notifyWaiting } from './notification-events';
import { parseInput } from './parse-input';
import { type ClosureReportServices, closeProjectWithReport } from './closure-report.commands';

/** The work packages every new project starts with (docs/design.md §3, §6). */
export const DEFAULT_WORK_PACKAGES: readonly { kind: WorkPackageKind; name: string; description: string }[] = [
  {
    kind: 'ingress',
    name: 'Ingress',
    description: 'Everything that came into the environment: the datasets as supplied and anything brought in to work with them. Its tier sets the tier of the environment.',
  },
  {
    kind: 'egress_report',
    name: 'Egress – Report finalisation',
    description:
      'What the team needs to finish the report outside: documents, figures, pictures and code snippets. Items that would make it tier 2 or above are removed for now and their redaction agreed between the investigator and the data provider; a report that is itself tier 2 or above is finished inside a secure environment.',
  },
  {
    kind: 'egress_handover',
    name: 'Egress – Data Provider Handover',
    description:
      'Everything else, returned to the data provider for archiving: derived datasets, the full code and all other outputs. At tier 2 or above, where it will be stored and what is redacted before release must be decided and recorded.',
  },
];

/**
 * Loads a project and checks an action on it; unknown and invisible projects look the same,
 * and so does any project other than the one an API token is limited to.
 */
export async function loadProjectFor(ctx: CommandContext, projectId: string, action: ProjectAction): Promise<{ project: ProjectsTable; role: ProjectRole | null }> {
  if (!tokenReaches(ctx.actor, projectId)) throw new DomainError('project.not_found', 'No such project');
  const project = await findProject(ctx.db, projectId);
  if (!project) throw new DomainError('project.not_found', 'No such project');
  const role = ctx.actor.userId ? await findActiveRole(ctx.db, projectId, ctx.actor.userId) : null;
  authorizeProject(action, { actor: ctx.actor, role, status: project.status });
  return { project, role };
}

/** Creates a project and its three default work packages. Only programme managers may. */
export async function createProject(ctx: CommandContext, input: unknown): Promise<ProjectsTable> {
  authorizeSession('createProject', ctx.actor);
  const request: CreateProjectRequest = parseInput(createProjectRequestSchema, input);
  const set = await findLatestQuestionSet(ctx.db, request.questionSet);
  if (!set) throw new DomainError('question_set.not_found', `There is no question set called "${request.questionSet}"`);
  return inTransaction(ctx, async (trx) => {
    const at = nowIso(ctx);
    const project = await insertProject(
      trx,
      {
        name: request.name,
        description: request.description,
        environment_tier: request.environmentTier,
        question_set_id: set.id,
        status: 'active',
        created_at: at,
        created_by: ctx.actor.userId,
      },
      auditBy(ctx, 'project.created', { type: 'project', id: '' }, { name: request.name, environmentTier: request.environmentTier, questionSet: `${set.name}@${set.version}` }),
    );
    for (const wp of DEFAULT_WORK_PACKAGES) {
      await insertWorkPackage(
        trx,
        { project_id: project.id, kind: wp.kind, name: wp.name, description: wp.description, created_at: at },
        [],
        auditBy(ctx, 'work_package.created', { type: 'work_package', id: '', projectId: project.id }, { name: wp.name, kind: wp.kind }),
      );
    }
    return project;
  });
}

/**
 * Adds a person to a project with one role. Throws `user.not_found`, `participant.exists`
 * (one role per person per project, which also keeps investigator and referee apart) or
 * `participant.role_conflict` (a system manager cannot be a researcher).
 */
export async function addParticipant(ctx: CommandContext, projectId: string, input: unknown): Promise<void> {
  const { project } = await loadProjectFor(ctx, projectId, 'manageParticipants');
  const request = parseInput(addParticipantRequestSchema, input);
  const user = await findUserByEmail(ctx.db, request.email);
  if (!user) throw new DomainError('user.not_found', `There is no account for ${request.email}; a system manager must create it first`);
  if (request.role === 'researcher' && user.system_role === 'system_manager') {
    throw new DomainError('participant.role_conflict', 'A system manager cannot be a researcher on a project: they could egress their own work');
  }
  await inTransaction(ctx, async (trx) => {
    await lockProject(trx, projectId);
    const existing = await findActiveRole(trx, projectId, user.id);
    if (existing) {
      throw new DomainError(
        'participant.exists',
        `${user.name} is already the project's ${existing.replaceAll('_', ' ')}; a person holds one role per project (an investigator cannot also be the referee)`,
      );
    }
    await insertParticipant(
      trx,
      { projectId, userId: user.id, role: request.role, at: nowIso(ctx) },
      auditBy(ctx, 'participant.added', { type: 'participant', id: '', projectId }, { userId: user.id, email: user.email, role: request.role }),
    );
    await settleProjectClassifications(trx, ctx, project.id);
    await notifyWaiting(trx, { ...ctx, db: trx }, project.id);
  });
}

/**
 * Ends a person's participation; their earlier opinions stay in history but no longer count.
 * Throws `participant.has_datasets` for a representative who still speaks for a dataset.
 */
export async function removeParticipant(ctx: CommandContext, projectId: string, participantId: string): Promise<void> {
  await loadProjectFor(ctx, projectId, 'manageParticipants');
  const participant = await findParticipant(ctx.db, participantId);
  if (!participant || participant.project_id !== projectId || participant.removed_at) {
    throw new DomainError('participant.not_found', 'No such participant on this project');
  }
  const datasets = (await listDatasets(ctx.db, projectId)).filter((d) => d.representative_user_id === participant.user_id);
  if (datasets.length > 0) {
    throw new DomainError('participant.has_datasets', `This person represents ${datasets.map((d) => d.name).join(', ')}; name another representative first`);
  }
  await inTransaction(ctx, async (trx) => {
    await markParticipantRemoved(
      trx,
      participantId,
      nowIso(ctx),
      auditBy(ctx, 'participant.removed', { type: 'participant', id: participantId, projectId }, { userId: participant.user_id, role: participant.role }),
    );
    await settleProjectClassifications(trx, ctx, projectId);
  });
}

/**
 * Adds a dataset with its representative, who must already be a data provider representative
 * on the project. The dataset joins every work package not yet classified.
 */
export async function addDataset(ctx: CommandContext, projectId: string, input: unknown): Promise<void> {
  await loadProjectFor(ctx, projectId, 'manageDatasets');
  const request: CreateDatasetRequest = parseInput(createDatasetRequestSchema, input);
  const participants = await listActiveParticipants(ctx.db, projectId);
  const rep = participants.find((p) => p.user_id === request.representativeUserId);
  if (!rep || rep.role !== 'data_provider_representative') {
    throw new DomainError('dataset.representative_invalid', 'The representative must be a participant of this project with the data provider representative role');
  }
  await inTransaction(ctx, async (trx) => {
    const open = (await listWorkPackages(trx, projectId)).filter((w) => w.status !== 'classified').map((w) => w.id);
    await insertDataset(
      trx,
      {
        project_id: projectId,
        name: request.name,
        description: request.description,
        provider_name: request.providerName,
        representative_user_id: rep.user_id,
        created_at: nowIso(ctx),
      },
      open,
      auditBy(ctx, 'dataset.added', { type: 'dataset', id: '', projectId }, { name: request.name, representativeUserId: rep.user_id, workPackageIds: open }),
    );
    await settleProjectClassifications(trx, ctx, projectId);
    await notifyWaiting(trx, { ...ctx, db: trx }, projectId);
  });
}

/** Adds another egress work package, using the given datasets or, by default, all of the project's. */
export async function addWorkPackage(ctx: CommandContext, projectId: string, input: unknown): Promise<WorkPackagesTable> {
  await loadProjectFor(ctx, projectId, 'addWorkPackage');
  const request = parseInput(createWorkPackageRequestSchema, input);
  const datasetIds = await checkDatasetsOfProject(ctx, projectId, request.datasetIds);
  return inTransaction(ctx, async (trx: Tx) => {
    const wp = await insertWorkPackage(
      trx,
      { project_id: projectId, kind: 'egress_other', name: request.name, description: request.description, created_at: nowIso(ctx) },
      datasetIds,
      auditBy(ctx, 'work_package.created', { type: 'work_package', id: '', projectId }, { name: request.name, kind: 'egress_other', datasetIds }),
    );
    await notifyWaiting(trx, { ...ctx, db: trx }, projectId);
    return wp;
  });
}

/** The given dataset ids (all of the project's when omitted); throws if one is not the project's. */
export async function checkDatasetsOfProject(ctx: CommandContext, projectId: string, ids: readonly string[] | undefined): Promise<string[]> {
  const all = (await listDatasets(ctx.db, projectId)).map((d) => d.id);
  if (ids === undefined) return all;
  const foreign = ids.filter((id) => !all.includes(id));
  if (foreign.length > 0) throw new DomainError('work_package.dataset_not_in_project', `Not datasets of this project: ${foreign.join(', ')}`);
  return [...new Set(ids)];
}

/** While a work package is being classified (or is classified), it keeps a dataset with a representative. */
const KEEPS_A_DATASET: readonly string[] = ['classifying', 'disputed', 'classified'];

/**
 * Changes which datasets a work package uses (and so whose representatives classify it) while
 * it is not classified. Optimistic: `version` must be the one the caller saw. Once
 * classification has started, the last dataset with a data provider representative stays
 * (`work_package.last_dataset`): otherwise the investigator could classify it alone.
 */
export async function setWorkPackageDatasets(ctx: CommandContext, workPackageId: string, input: unknown): Promise<void> {
  const request = parseInput(setWorkPackageDatasetsRequestSchema, input);
  await inTransaction(ctx, async (trx) => {
    const state = await lockAndLoadClassificationState(trx, workPackageId);
    requireVersion(state, request.version);
    authorizeWorkPackage('editDatasets', workPackageSubject(state, ctx.actor));
    const wp = state.workPackage;
    const datasetIds = await checkDatasetsOfProject({ ...ctx, db: trx }, wp.project_id, request.datasetIds);
    if (KEEPS_A_DATASET.includes(wp.status)) {
      const dprs = new Set(state.participants.filter((p) => p.role === 'data_provider_representative').map((p) => p.user_id));
      const kept = (await listDatasets(trx, wp.project_id)).filter((d) => datasetIds.includes(d.id) && dprs.has(d.representative_user_id));
      if (kept.length === 0) {
        throw new DomainError(
          'work_package.last_dataset',
          'This work package is being classified: it must keep at least one dataset with a data provider representative. Add the other dataset first, then remove this one.',
        );
      }
    }
    await replaceWorkPackageDatasets(
      trx,
      wp.id,
      request.version,
      datasetIds,
      auditBy(ctx, 'work_package.datasets_changed', { type: 'work_package', id: wp.id, projectId: wp.project_id }, { datasetIds }),
    );
    await settleClassification(trx, ctx, wp.id);
    await notifyWaiting(trx, { ...ctx, db: trx }, wp.project_id);
  });
}

/**
 * Moves a project along its lifecycle (start closing, resume, close). Throws
 * `workflow.invalid_transition` for a move the table does not list and
 * `conflict.stale_version` when `version` is not the current one. Closing is refused while the
 * closure checklist has gaps, with the first gap's code (`closure.…`) and every gap in the details;
 * a project that closes gets its closure report (closure-report.commands.ts), stored in `reports`
 * (required to close: the server wires it with the package services).
 */
export async function changeProjectStatus(ctx: CommandContext, projectId: string, action: ProjectTransitionAction, input: unknown, reports: ClosureReportServices | undefined): Promise<void> {
  const { project } = await loadProjectFor(ctx, projectId, 'changeStatus');
  const { version } = parseInput(changeProjectStatusRequestSchema, input);
  const transition = PROJECT_TRANSITIONS.find((t) => t.action === action && t.from === project.status);
  if (!transition) {
    throw new DomainError('workflow.invalid_transition', `A ${project.status} project cannot ${action.replaceAll('_', ' ')}`, { from: project.status, action });
  }
  if (transition.action === 'close') {
    if (!reports) throw new Error('Closing a project needs the closure report services (a blob store and the PDF renderer)');
    await closeProjectWithReport(ctx, reports, projectId, version);
    return;
  }
  await inTransaction(ctx, async (trx) => {
    await updateProjectStatus(trx, projectId, version, transition.to, auditBy(ctx, transition.event, { type: 'project', id: projectId, projectId }, { from: transition.from, to: transition.to }));
  });
}
