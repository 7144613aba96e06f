/** Applies pending migrations; returns what ran. Used by `egress migrate` and at server start. */
import { Migrator } from 'kysely';
import { MIGRATIONS } from './migrations';
import type { Db } from './schema';

export interface MigrationReport {
  applied: string[];
  error?: string;
}

export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) return { applied, error: error instanceof Error ? error.message : String(error) };
  return { applied };
}
