/**
 * Projects' disclosure-check settings (migration 0004): one row per project that has changed
 * them, with the project's preset and overrides and its per-tier ones as JSON text.
 */
import { DomainError } from '../domain/errors';
import { type AuditInput, appendAudit } from './audit.repository';
import type { Db, ProjectCheckSettingsTable, Tx } from './schema';

export async function findCheckSettings(db: Db | Tx, projectId: string): Promise<ProjectCheckSettingsTable | undefined> {
  const row = await db.selectFrom('project_check_settings').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  return row ? { ...row, version: Number(row.version) } : undefined;
}

/**
 * Writes a project's settings if they are still at `expectedVersion` (0: never written) and
 * records the audit event in the same transaction; throws `conflict.stale_version` otherwise.
 */
export async function saveCheckSettings(trx: Tx, row: Omit<ProjectCheckSettingsTable, 'version'>, expectedVersion: number, audit: AuditInput): Promise<number> {
  const version = expectedVersion + 1;
  const stale = () => new DomainError('conflict.stale_version', 'These check settings were changed by someone else; reload them and try again', { expectedVersion });
  if (expectedVersion === 0) {
    // Two first writes race on the primary key; the loser sees the row and is told it is stale.
    if (await findCheckSettings(trx, row.project_id)) throw stale();
    await trx
      .insertInto('project_check_settings')
      .values({ ...row, version })
      .execute();
  } else {
    const result = await trx
      .updateTable('project_check_settings')
      .set({ preset: row.preset, parameters: row.parameters, tiers: row.tiers, updated_at: row.updated_at, updated_by: row.updated_by, version })
      .where('project_id', '=', row.project_id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw stale();
  }
  await appendAudit(trx, audit);
  return version;
}
