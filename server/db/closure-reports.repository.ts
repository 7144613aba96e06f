/**
 * The closure report's rows (migration 0014) and the reads only the report needs: the audit
 * chain's head, a project's latest event, the opinions that count and every release attempt of
 * a project's packages. One report per project, inserted with its audit event, never changed.
 */
import { type AuditInput, appendAudit } from './audit.repository';
import type { ClosureReportsTable, Db, Tx } from './schema';

/** An audit event's number and hash. */
export interface ChainPointRow {
  seq: number;
  hash: string;
}

/** The audit chain's head: the last event written (seq 0 and the genesis hash before any). */
export async function readAuditChainHead(db: Db): Promise<ChainPointRow> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/** The project's latest audit event, if any. */
export async function findLatestProjectEvent(db: Db, projectId: string): Promise<ChainPointRow | null> {
  const row = await db.selectFrom('audit_events').select(['seq', 'hash']).where('project_id', '=', projectId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

export interface CountingOpinionRow {
  work_package_id: string;
  classifier_id: string;
  classifier_name: string;
  role: string;
  round: number;
  tier: number;
  submitted_at: string;
}

/** The opinions not superseded of the project's work packages, oldest first. */
export async function listCountingOpinions(db: Db, projectId: string): Promise<CountingOpinionRow[]> {
  return db
    .selectFrom('opinions')
    .innerJoin('work_packages', 'work_packages.id', 'opinions.work_package_id')
    .innerJoin('users', 'users.id', 'opinions.classifier_id')
    .select(['opinions.work_package_id', 'opinions.classifier_id', 'users.name as classifier_name', 'opinions.role', 'opinions.round', 'opinions.tier', 'opinions.submitted_at'])
    .where('work_packages.project_id', '=', projectId)
    .where('opinions.superseded_at', 'is', null)
    .orderBy('opinions.submitted_at')
    .orderBy('opinions.id')
    .execute();
}

export interface ProjectReleaseRow {
  id: string;
  package_id: string;
  method: string;
  step: string;
  destination_name: string | null;
  released_at: string | null;
  manifest_sha256: string | null;
  bundle_sha256: string | null;
  bundle_bytes: number | string | null;
  key_fingerprint: string | null;
  files: string;
  started_at: string;
  revoked_at: string | null;
  revoke_reason: string | null;
}

/** Every release attempt of the project's packages, oldest first. */
export async function listProjectReleases(db: Db, projectId: string): Promise<ProjectReleaseRow[]> {
  return db
    .selectFrom('releases')
    .innerJoin('packages', 'packages.id', 'releases.package_id')
    .leftJoin('destinations', 'destinations.id', 'releases.destination_id')
    .select([
      'releases.id',
      'releases.package_id',
      'releases.method',
      'releases.step',
      'destinations.name as destination_name',
      'releases.released_at',
      'releases.manifest_sha256',
      'releases.bundle_sha256',
      'releases.bundle_bytes',
      'releases.key_fingerprint',
      'releases.files',
      'releases.started_at',
      'releases.revoked_at',
      'releases.revoke_reason',
    ])
    .where('packages.project_id', '=', projectId)
    .orderBy('releases.started_at')
    .orderBy('releases.id')
    .execute();
}

/** Records a project's closure report, with its audit event, in the closing transaction. */
export async function insertClosureReport(trx: Tx, row: ClosureReportsTable, audit: AuditInput): Promise<void> {
  await trx.insertInto('closure_reports').values(row).execute();
  await appendAudit(trx, audit);
}

/** The project's closure report, once it closed. */
export async function findClosureReport(db: Db, projectId: string): Promise<ClosureReportsTable | undefined> {
  return db.selectFrom('closure_reports').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}
