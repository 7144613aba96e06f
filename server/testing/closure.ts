/**
 * Closure helpers for tests (docs/closure.md): an output area in a temporary folder set on the
 * world's project, a refresh through the real job, and `waiveAllGaps` for tests that close a
 * project and are not about the checklist (a programme manager waives every waivable gap with a
 * reason, as in use).
 *
 * Example: `const area = await outputAreaFor(world, { 'results/a.csv': 'x\n' }); await refreshInventory(world);`
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requestInventoryRefresh } from '../commands/closure-inventory.commands';
import { getClosureChecklist } from '../commands/closure.queries';
import { waiveClosureItem } from '../commands/closure.commands';
import { setOutputArea } from '../commands/output-area.commands';
import type { CommandContext } from '../commands/context';
import type { World } from './factories';
import type { PackageWorld } from './package-factories';
import { personIn } from './world-lifecycle';

export interface TestOutputArea {
  root: string;
  /** Writes a file (creating folders) with the given modification time in seconds (default: now). */
  write(path: string, content: string | Buffer, mtimeSeconds?: number): Promise<void>;
  remove(path: string): Promise<void>;
  dispose(): Promise<void>;
}

/** A temporary folder with `files`, set as the project's output area by the system manager. */
export async function outputAreaFor(world: PackageWorld, files: Record<string, string | Buffer> = {}): Promise<TestOutputArea> {
  const root = await mkdtemp(join(tmpdir(), 'egress-closure-area-'));
  const area: TestOutputArea = {
    root,
    async write(path, content, mtimeSeconds) {
      const full = join(root, path);
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, content);
      if (mtimeSeconds !== undefined) await utimes(full, mtimeSeconds, mtimeSeconds);
    },
    remove: (path) => rm(join(root, path), { force: true }),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
  for (const [path, content] of Object.entries(files)) await area.write(path, content);
  await setOutputArea(personIn(world, 'sysadmin').ctx, world.projectId, { outputArea: root }, { outputAreas: world.services.outputAreas });
  return area;
}

/** Asks for a refresh as the investigator and waits for the job. */
export async function refreshInventory(world: PackageWorld, key = 'investigator'): Promise<void> {
  await requestInventoryRefresh(personIn(world, key).ctx, world.projectId, { startInventory: (id) => world.services.startInventory(id) });
  await world.services.settleInventories();
}

/** Waives every waivable gap of the checklist as the programme manager; returns how many. */
export async function waiveAllGaps(world: World, ctx: CommandContext = personIn(world, 'programme').ctx): Promise<number> {
  const checklist = await getClosureChecklist(ctx, world.projectId);
  const waivable = checklist.gaps.filter((g) => g.waivable);
  for (const gap of waivable) await waiveClosureItem(ctx, world.projectId, { code: gap.code, key: gap.key, reason: 'Not needed for this test project' });
  return waivable.length;
}
