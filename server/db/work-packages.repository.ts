/** Work packages and the datasets each one uses. Updates are optimistic: a stale version is refused. */
import type { WorkPackageSummary } from '../../common/contracts/projects.contract';
import { DomainError } from '../domain/errors';
import { type AuditInput, appendAudit } from './audit.repository';
import { insertPackage } from './packages.repository';
import { newId } from './ids';
import type { Db, Tx, WorkPackagesTable } from './schema';

export async function findWorkPackage(db: Db, id: string): Promise<WorkPackagesTable | undefined> {
  return db.selectFrom('work_packages').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the work package's row lock for the rest of the transaction (PostgreSQL; SQLite has
 * one writer at a time anyway), so that concurrent decisions on one work package run one after
 * the other and each sees the other's result. Call it before reading the state you decide on.
 */
export async function lockWorkPackage(trx: Tx, id: string): Promise<void> {
  await trx
    .updateTable('work_packages')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', id)
    .execute();
}

export async function listWorkPackages(db: Db, projectId: string): Promise<WorkPackagesTable[]> {
  return db.selectFrom('work_packages').selectAll().where('project_id', '=', projectId).orderBy('created_at').orderBy('name').execute();
}

export async function listWorkPackageDatasetIds(db: Db, workPackageIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(workPackageIds.map((id) => [id, []]));
  if (workPackageIds.length === 0) return map;
  const rows = await db.selectFrom('work_package_datasets').selectAll().where('work_package_id', 'in', workPackageIds).execute();
  for (const r of rows) map.get(r.work_package_id)?.push(r.dataset_id);
  return map;
}

export async function insertWorkPackage(
  trx: Tx,
  row: Pick<WorkPackagesTable, 'project_id' | 'kind' | 'name' | 'description' | 'created_at'>,
  datasetIds: readonly string[],
  audit: AuditInput,
): Promise<WorkPackagesTable> {
  const wp: WorkPackagesTable = {
    ...row,
    id: newId(),
    status: 'unclassified',
    tier: null,
    round: 1,
    resolution: null,
    classified_at: null,
    policy_version: null,
    version: 1,
  };
  await trx.insertInto('work_packages').values(wp).execute();
  // Every egress work package holds an egress package (docs/design.md §5), which starts as an empty draft.
  if (wp.kind !== 'ingress') await insertPackage(trx, { id: wp.id, project_id: wp.project_id, created_at: wp.created_at });
  if (datasetIds.length > 0) {
    await trx
      .insertInto('work_package_datasets')
      .values(datasetIds.map((d) => ({ work_package_id: wp.id, dataset_id: d })))
      .execute();
  }
  await appendAudit(trx, { ...audit, objectId: wp.id });
  return wp;
}

/**
 * Writes changed fields of a work package if it is still at `expectedVersion`, bumping the
 * version. Throws `conflict.stale_version` when someone else changed it first.
 */
export async function updateWorkPackage(
  trx: Tx,
  id: string,
  expectedVersion: number,
  changes: Partial<Pick<WorkPackagesTable, 'status' | 'tier' | 'round' | 'resolution' | 'classified_at' | 'policy_version'>>,
  audit: AuditInput,
): Promise<WorkPackagesTable> {
  const result = await trx
    .updateTable('work_packages')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new DomainError('conflict.stale_version', 'This work package was changed by someone else; reload it and try again', {
      expectedVersion,
    });
  }
  await appendAudit(trx, audit);
  return (await findWorkPackage(trx, id)) as WorkPackagesTable;
}

/** Replaces the datasets a work package uses (optimistic on the work package version). */
export async function replaceWorkPackageDatasets(trx: Tx, id: string, expectedVersion: number, datasetIds: readonly string[], audit: AuditInput): Promise<void> {
  await updateWorkPackage(trx, id, expectedVersion, {}, audit);
  await trx.deleteFrom('work_package_datasets').where('work_package_id', '=', id).execute();
  if (datasetIds.length > 0) {
    await trx
      .insertInto('work_package_datasets')
      .values(datasetIds.map((d) => ({ work_package_id: id, dataset_id: d })))
      .execute();
  }
}

/** A work package as the API lists it, with the ids of the datasets it uses. */
export function toWorkPackageSummary(row: WorkPackagesTable, datasetIds: string[]): WorkPackageSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    status: row.status,
    tier: row.tier === null ? null : Number(row.tier),
    version: Number(row.version),
    datasetIds,
  };
}
