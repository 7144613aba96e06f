/**
 * `egress scan PATH… [--json] [--preset NAME] [--config FILE] [--package-kind report|handover]`:
 * checks files offline, with no server. Exit 0 when every file passes, 1 when any needs review
 * or is blocked, 2 on a usage or internal error.
 */
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import { PRESET_NAMES, isPresetName } from '../checks/shared/presets';
import { DomainError } from '../domain/errors';
import type { CliRoot } from './cli-root';
import { EXIT, type Io, reportError } from './output';

export interface ScanCliOptions {
  json: boolean;
  preset: string;
  config?: string;
  packageKind: string;
  workers?: string;
}

function formatLocation(location: Record<string, unknown> | undefined): string {
  if (!location) return '';
  return Object.entries(location)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function printEntry(io: Io, entry: ScannedEntry, indent: string): void {
  const status = entry.status === 'checked' ? '' : ` (${entry.status}: ${entry.reason})`;
  io.out(`${indent}${entry.verdict.toUpperCase().padEnd(6)} ${entry.path}${status}`);
  for (const f of entry.findings) {
    const where = formatLocation(f.location);
    io.out(`${indent}  ${f.severity.padEnd(6)} ${f.rule}${where ? ` [${where}]` : ''}: ${f.message}`);
  }
  for (const e of entry.entries) printEntry(io, e, `${indent}    `);
}

export async function scanCommand(io: Io, root: Pick<CliRoot, 'scanPaths'>, paths: string[], options: ScanCliOptions): Promise<number> {
  try {
    if (!isPresetName(options.preset)) {
      throw new DomainError('validation.invalid_input', `Unknown preset "${options.preset}" (one of: ${PRESET_NAMES.join(', ')})`);
    }
    if (options.packageKind !== 'report' && options.packageKind !== 'handover') {
      throw new DomainError('validation.invalid_input', '--package-kind must be report or handover');
    }
    let overrides = {};
    if (options.config) {
      let raw: unknown;
      try {
        raw = JSON.parse(await io.readFile(options.config));
      } catch (error) {
        throw new DomainError('validation.invalid_input', `Cannot read the config file: ${error instanceof Error ? error.message : error}`);
      }
      // The same rules as a project's check settings; zod is loaded only when a config is given.
      const { checkParameterOverridesSchema } = await import('../../common/contracts/check-settings.contract');
      const parsed = checkParameterOverridesSchema.safeParse(raw);
      if (!parsed.success) {
        throw new DomainError('validation.invalid_input', `Invalid config: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`);
      }
      overrides = parsed.data;
    }
    const workers = options.workers ? Number(options.workers) : undefined;
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64)) {
      throw new DomainError('validation.invalid_input', '--workers must be a whole number from 1 to 64');
    }
    const report = await root.scanPaths(paths, { preset: options.preset, overrides, packageKind: options.packageKind, workers });
    if (options.json) io.out(JSON.stringify(report, null, 2));
    else {
      for (const f of report.files) printEntry(io, f, '');
      const s = report.summary;
      io.out(`\n${s.files} file${s.files === 1 ? '' : 's'}: ${s.pass} pass, ${s.review} review, ${s.block} block (${s.unreadable} unreadable). Preset ${report.preset}.`);
    }
    return report.summary.review + report.summary.block > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    return reportError(io, error, options.json);
  }
}
