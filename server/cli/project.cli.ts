/**
 * Project settings a system manager changes on the server itself, offline:
 * `egress project output-area PROJECT_ID PATH` sets the folder (or s3:// / azure:// prefix) the
 * project's outputs are browsed and copied from (`--clear` removes it). Runs as the CLI's system actor; audited as
 * `project.output_area_set` like the same change made in the web UI.
 */
import { type CommandContext, systemActor } from '../commands/context';
import { setOutputArea } from '../commands/output-area.commands';
import type { Config } from '../config/config';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { DomainError } from '../domain/errors';
import { systemClock } from '../ports/clock';
import { EXIT, type Io, reportError } from './output';

async function asSystem(config: Config, label: string, work: (ctx: CommandContext) => Promise<number>): Promise<number> {
  const handle = openDatabase(config.databaseUrl);
  try {
    const migration = await migrateToLatest(handle.db);
    if (migration.error) throw new Error(`Database migration failed: ${migration.error}`);
    return await work({ db: handle.db, clock: systemClock, actor: systemActor(label) });
  } finally {
    await handle.close();
  }
}

/** Sets (or with `clear`, removes) a project's output area; exit 0 when set, 2 when refused. */
export async function projectOutputAreaCommand(io: Io, config: Config, projectId: string, path: string | undefined, options: { clear: boolean }): Promise<number> {
  try {
    if (options.clear === (path !== undefined)) {
      throw new DomainError('validation.invalid_input', options.clear ? 'Give either a folder or --clear, not both' : 'Give the folder to use as the output area, or --clear');
    }
    return await asSystem(config, 'cli: project output-area', async (ctx) => {
      const setting = await setOutputArea(ctx, projectId, { outputArea: options.clear ? null : (path as string) }, { storage: config.storage });
      io.out(setting.outputArea === null ? `Project ${projectId} has no output area now.` : `Project ${projectId} output area: ${setting.outputArea}`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}
