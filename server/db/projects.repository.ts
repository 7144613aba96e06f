/** Projects, their participants and datasets. */
import type { Dataset, Participant, Project } from '../../common/contracts/projects.contract';
import type { ProjectRole } from '../../common/vocab/roles';
import type { ProjectStatus } from '../../common/vocab/statuses';
import { DomainError } from '../domain/errors';
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { DatasetsTable, Db, ParticipantsTable, ProjectsTable, Tx } from './schema';

export async function findProject(db: Db, id: string): Promise<ProjectsTable | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** All projects, or only those where the user is an active participant. */
export async function listProjects(db: Db, onlyForUserId?: string): Promise<ProjectsTable[]> {
  let q = db.selectFrom('projects').selectAll('projects').orderBy('projects.created_at', 'desc');
  if (onlyForUserId) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('participants')
          .select('participants.id')
          .whereRef('participants.project_id', '=', 'projects.id')
          .where('participants.user_id', '=', onlyForUserId)
          .where('participants.removed_at', 'is', null),
      ),
    );
  }
  return q.execute();
}

export async function insertProject(trx: Tx, row: Omit<ProjectsTable, 'id' | 'version' | 'output_area'>, audit: AuditInput): Promise<ProjectsTable> {
  const project: ProjectsTable = { ...row, id: newId(), version: 1, output_area: null };
  await trx.insertInto('projects').values(project).execute();
  await appendAudit(trx, { ...audit, objectId: project.id, projectId: project.id });
  return project;
}

/** Sets a project's status if it is still at `expectedVersion`; throws `conflict.stale_version` otherwise. */
export async function updateProjectStatus(trx: Tx, id: string, expectedVersion: number, status: ProjectStatus, audit: AuditInput): Promise<void> {
  const result = await trx
    .updateTable('projects')
    .set({ status, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new DomainError('conflict.stale_version', 'This project was changed by someone else; reload it and try again', { expectedVersion });
  }
  await appendAudit(trx, audit);
}

/** Sets (or clears, with null) the project's output area and records who did it; bumps the project's version. */
export async function setProjectOutputArea(trx: Tx, id: string, outputArea: string | null, audit: AuditInput): Promise<void> {
  await trx
    .updateTable('projects')
    .set((eb) => ({ output_area: outputArea, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
  await appendAudit(trx, audit);
}

/** Takes the project's row lock for the rest of the transaction (see lockWorkPackage). */
export async function lockProject(trx: Tx, id: string): Promise<void> {
  await trx
    .updateTable('projects')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', id)
    .execute();
}

export interface ParticipantRow extends ParticipantsTable {
  name: string;
  email: string;
}

export async function listActiveParticipants(db: Db, projectId: string): Promise<ParticipantRow[]> {
  return db
    .selectFrom('participants')
    .innerJoin('users', 'users.id', 'participants.user_id')
    .selectAll('participants')
    .select(['users.name', 'users.email'])
    .where('participants.project_id', '=', projectId)
    .where('participants.removed_at', 'is', null)
    .orderBy('participants.added_at')
    .execute();
}

export async function findActiveRole(db: Db, projectId: string, userId: string): Promise<ProjectRole | null> {
  const row = await db.selectFrom('participants').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).where('removed_at', 'is', null).executeTakeFirst();
  return row?.role ?? null;
}

/** Active project roles of a user across all projects (for role-separation checks). */
export async function listActiveRolesOfUser(db: Db, userId: string): Promise<ProjectRole[]> {
  const rows = await db.selectFrom('participants').select('role').where('user_id', '=', userId).where('removed_at', 'is', null).execute();
  return rows.map((r) => r.role);
}

export async function insertParticipant(trx: Tx, row: { projectId: string; userId: string; role: ProjectRole; at: string }, audit: AuditInput): Promise<ParticipantsTable> {
  const participant: ParticipantsTable = {
    id: newId(),
    project_id: row.projectId,
    user_id: row.userId,
    role: row.role,
    added_at: row.at,
    removed_at: null,
  };
  await trx.insertInto('participants').values(participant).execute();
  await appendAudit(trx, { ...audit, objectId: participant.id });
  return participant;
}

export async function findParticipant(db: Db, id: string): Promise<ParticipantsTable | undefined> {
  return db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a participation; the row stays as history. */
export async function markParticipantRemoved(trx: Tx, id: string, at: string, audit: AuditInput): Promise<void> {
  const result = await trx.updateTable('participants').set({ removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new DomainError('conflict.stale_version', 'This participant was already removed');
  }
  await appendAudit(trx, audit);
}

export interface DatasetRow extends DatasetsTable {
  representative_name: string;
}

export async function listDatasets(db: Db, projectId: string): Promise<DatasetRow[]> {
  return db
    .selectFrom('datasets')
    .innerJoin('users', 'users.id', 'datasets.representative_user_id')
    .selectAll('datasets')
    .select('users.name as representative_name')
    .where('datasets.project_id', '=', projectId)
    .orderBy('datasets.created_at')
    .execute();
}

/** Adds a dataset and attaches it to the given work packages. */
export async function insertDataset(trx: Tx, row: Omit<DatasetsTable, 'id'>, workPackageIds: readonly string[], audit: AuditInput): Promise<DatasetsTable> {
  const dataset: DatasetsTable = { ...row, id: newId() };
  await trx.insertInto('datasets').values(dataset).execute();
  if (workPackageIds.length > 0) {
    await trx
      .insertInto('work_package_datasets')
      .values(workPackageIds.map((w) => ({ work_package_id: w, dataset_id: dataset.id })))
      .execute();
  }
  await appendAudit(trx, { ...audit, objectId: dataset.id });
  return dataset;
}

// ---- rows to the API's shapes ----

/** A project as the API shows it; `questionSetName` is the set's "name vN" (or its id when unknown). */
export function toProject(row: ProjectsTable, questionSetName: string, myRole: ProjectRole | null): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    environmentTier: Number(row.environment_tier),
    questionSetId: row.question_set_id,
    questionSetName,
    status: row.status,
    version: Number(row.version),
    createdAt: row.created_at,
    myRole,
  };
}

export function toParticipant(p: ParticipantRow): Participant {
  return { id: p.id, userId: p.user_id, name: p.name, email: p.email, role: p.role, addedAt: p.added_at };
}

export function toDataset(d: DatasetRow): Dataset {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    providerName: d.provider_name,
    representativeUserId: d.representative_user_id,
    representativeName: d.representative_name,
    createdAt: d.created_at,
  };
}
