/** Confirmations of opinions after a new file version (issue 10 §2). Only ever inserted. */
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { Db, OpinionConfirmationsTable, Tx } from './schema';

/** When the newest current version of an output file of the package (not taken out) was created, or null. */
export async function latestOutputVersionAt(db: Db, packageId: string): Promise<string | null> {
  const row = await db
    .selectFrom('package_files')
    .innerJoin('file_versions', (join) => join.onRef('file_versions.file_id', '=', 'package_files.id').onRef('file_versions.number', '=', 'package_files.current_version'))
    .select((eb) => eb.fn.max('file_versions.created_at').as('latest'))
    .where('package_files.package_id', '=', packageId)
    .where('package_files.deleted_at', 'is', null)
    .where('package_files.role', '=', 'output')
    .executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? null;
}

export async function listOpinionConfirmations(db: Db, workPackageId: string, round: number): Promise<OpinionConfirmationsTable[]> {
  return db.selectFrom('opinion_confirmations').selectAll().where('work_package_id', '=', workPackageId).where('round', '=', round).orderBy('confirmed_at').execute();
}

export async function insertOpinionConfirmation(trx: Tx, row: Omit<OpinionConfirmationsTable, 'id'>, audit: AuditInput): Promise<void> {
  await trx
    .insertInto('opinion_confirmations')
    .values({ ...row, id: newId() })
    .execute();
  await appendAudit(trx, audit);
}
