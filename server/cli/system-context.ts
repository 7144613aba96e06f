/** Runs a CLI command as the system actor on the configured, migrated database. */
import { type CommandContext, systemActor } from '../commands/context';
import { systemClock } from '../ports/clock';
import type { CliHost } from './cli-root';

/** Opens the database through the root, applies pending migrations, runs `work`, and closes it. */
export async function asSystem<T>(host: CliHost, label: string, work: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const database = await host.root.openDatabase(host.config);
  try {
    const migration = await database.migrate();
    if (migration.error) throw new Error(`Database migration failed: ${migration.error}`);
    return await work({ db: database.db, clock: systemClock, actor: systemActor(label) });
  } finally {
    await database.close();
  }
}
