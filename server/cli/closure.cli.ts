/**
 * Project closure from the server itself, as the system (docs/closure.md):
 * - `egress closure checklist PROJECT_ID [--json]` (also `egress project closure PROJECT_ID`):
 *   prints the checklist and exits 1 while anything is unaccounted for, 0 when the project may
 *   close, so an operator's shut-down script can call it;
 * - `egress closure refresh PROJECT_ID [--json]`: takes the output-area inventory now, in this
 *   process (only changed files are hashed again);
 * - `egress closure mark PROJECT_ID --fate retained|discarded|unmarked --reason TEXT (--folder F | --pattern GLOB | --path P…)`;
 * - `egress closure waive PROJECT_ID --code closure.… --item KEY --reason TEXT`.
 * Marks and waivers are audited as the CLI (`closure.files_marked`, `closure.item_waived`).
 */
import type { ClosureChecklist } from '../../common/contracts/closure.contract';
import { CLOSURE_GAP_LABELS, type ClosureGapCode, FILE_FATE_LABELS, FILE_FATES } from '../../common/vocab/closure';
import { refreshInventoryNow } from '../commands/closure-inventory.commands';
import { markClosureFiles, waiveClosureItem } from '../commands/closure.commands';
import { getClosureChecklist } from '../commands/closure.queries';
import type { CliHost } from './cli-root';
import { EXIT, type Io, reportError } from './output';
import { asSystem } from './system-context';

function printChecklist(io: Io, c: ClosureChecklist): void {
  io.out(`Project ${c.projectId} (${c.projectStatus}): ${c.complete ? 'everything is accounted for; it may close' : `${c.gapTotal} item${c.gapTotal === 1 ? '' : 's'} not accounted for`}`);
  const inv = c.inventory;
  if (inv.outputArea === null) io.out('Output area: none configured');
  else io.out(`Output area: ${inv.outputArea}; last complete inventory ${inv.lastComplete ? `${inv.lastComplete.finishedAt} (${inv.lastComplete.files} files)` : 'none'}`);
  io.out(
    `Files: ${c.files.total} (${
      FILE_FATES.filter((f) => c.files.byFate[f] > 0)
        .map((f) => `${c.files.byFate[f]} ${FILE_FATE_LABELS[f].toLowerCase()}`)
        .join(', ') || 'none'
    })`,
  );
  for (const [code, n] of Object.entries(c.gapCounts)) io.out(`  ${n} × ${CLOSURE_GAP_LABELS[code as ClosureGapCode]} (${code})`);
  for (const g of c.gaps) io.out(`  - ${g.code} ${g.key}: ${g.detail}`);
  if (c.gaps.length < c.gapTotal) io.out(`  … and ${c.gapTotal - c.gaps.length} more file gaps`);
  for (const w of c.waivers) io.out(`Waived: ${w.code} ${w.key} by ${w.by?.name ?? 'the CLI'} at ${w.at}: ${w.reason}`);
}

/** Prints the checklist; exit 0 when complete, 1 while gaps remain, 2 when refused. */
export async function closureChecklistCommand(io: Io, host: CliHost, projectId: string, options: { json: boolean }): Promise<number> {
  try {
    return await asSystem(host, 'cli: closure checklist', async (ctx) => {
      const checklist = await getClosureChecklist(ctx, projectId);
      if (options.json) io.out(JSON.stringify(checklist, null, 2));
      else printChecklist(io, checklist);
      return checklist.complete ? EXIT.ok : EXIT.failed;
    });
  } catch (error) {
    return reportError(io, error, options.json);
  }
}

/** Takes the inventory now; exit 0 when done, 2 when refused or the area cannot be read. */
export async function closureRefreshCommand(io: Io, host: CliHost, projectId: string, options: { json: boolean }): Promise<number> {
  try {
    return await asSystem(host, 'cli: closure refresh', async (ctx) => {
      const run = await refreshInventoryNow(ctx, projectId, { outputAreas: host.root.outputAreas(host.config) });
      if (options.json) io.out(JSON.stringify(run, null, 2));
      else io.out(`Inventory ${run.state}: ${run.files} files, ${run.hashed} hashed, ${run.kept} unchanged, ${run.removed} gone, ${run.skipped} skipped, ${run.unreadable} unreadable`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, options.json);
  }
}

export interface MarkCliOptions {
  fate: string;
  reason: string;
  folder?: string;
  pattern?: string;
  path?: string[];
  json: boolean;
}

/** Marks files; exit 0 when done, 2 when refused. */
export async function closureMarkCommand(io: Io, host: CliHost, projectId: string, o: MarkCliOptions): Promise<number> {
  try {
    return await asSystem(host, 'cli: closure mark', async (ctx) => {
      const report = await markClosureFiles(ctx, projectId, { fate: o.fate, reason: o.reason, folder: o.folder, pattern: o.pattern, paths: o.path });
      if (o.json) io.out(JSON.stringify(report, null, 2));
      else io.out(`${report.matched} files matched; ${report.marked} marked ${report.fate}; ${report.skippedEgressed} egressed files left alone`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, o.json);
  }
}

/** Waives one gap; exit 0 when done, 2 when refused. */
export async function closureWaiveCommand(io: Io, host: CliHost, projectId: string, o: { code: string; item: string; reason: string; json: boolean }): Promise<number> {
  try {
    return await asSystem(host, 'cli: closure waive', async (ctx) => {
      const waiver = await waiveClosureItem(ctx, projectId, { code: o.code, key: o.item, reason: o.reason });
      if (o.json) io.out(JSON.stringify(waiver, null, 2));
      else io.out(`Waived ${waiver.code} ${waiver.key}`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, o.json);
  }
}
