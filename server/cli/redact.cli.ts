/**
 * `egress redact PATH --op ID [--param k=v …] [--params JSON] [--out FILE] [--preset NAME] [--json]`:
 * redacts a file offline, with the same operations the server runs (docs/redaction.md), for
 * researchers inside the environment before they add the file to a package. The result is
 * written next to the file as `NAME.redacted.EXT` unless `--out` says where; it is written
 * under a temporary name and renamed once whole, and never over the input. `egress redact --list`
 * shows the operations and their parameters. Exit 0 when redacted, 2 on a refusal or error.
 *
 * A `--param` value is read as JSON when it is JSON (`threshold=10`, `columns=["age"]`), else as
 * text (`marker=[c]`); `--param`s override `--params`.
 *
 * Example: `egress redact results/t1.csv --op tables.suppress --param threshold=10` → writes
 * `results/t1.redacted.csv` and prints each change's location, never a value.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RedactionOperationInfo } from '../../common/contracts/redaction.contract';
import { PRESET_NAMES, isPresetName } from '../checks/shared/presets';
import { DomainError } from '../domain/errors';
import type { CliRoot } from './cli-root';
import { EXIT, type Io, reportError } from './output';

export interface RedactCliOptions {
  list: boolean;
  op?: string;
  param: string[];
  params?: string;
  out?: string;
  preset: string;
  json: boolean;
}

function parametersOf(options: RedactCliOptions): Record<string, unknown> {
  let parameters: Record<string, unknown> = {};
  if (options.params !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(options.params);
    } catch {
      throw new DomainError('validation.invalid_input', '--params must be a JSON object');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DomainError('validation.invalid_input', '--params must be a JSON object');
    parameters = parsed as Record<string, unknown>;
  }
  for (const pair of options.param) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new DomainError('validation.invalid_input', `--param takes name=value (got "${pair}")`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: the text itself.
    }
    parameters[pair.slice(0, at)] = value;
  }
  return parameters;
}

function printOperations(io: Io, operations: RedactionOperationInfo[]): void {
  if (operations.length === 0) io.out('No redaction operations are installed.');
  for (const op of operations) {
    io.out(`${op.id}  ${op.title}\n    ${op.description}`);
    for (const f of op.fields) {
      const extra = [f.required ? 'required' : null, f.default !== undefined ? `default ${JSON.stringify(f.default)}` : null, f.options ? `one of ${f.options.join(', ')}` : null]
        .filter(Boolean)
        .join('; ');
      io.out(`    --param ${f.name}=<${f.type}>${extra ? ` (${extra})` : ''}${f.description ? `: ${f.description}` : ''}`);
    }
  }
}

/** Where the result goes by default: next to the input, `NAME.redacted.EXT`. */
export function defaultOutPath(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.redacted${ext}`);
}

export async function redactCommand(io: Io, root: Pick<CliRoot, 'offlineRedactor'>, path: string | undefined, options: RedactCliOptions): Promise<number> {
  try {
    const redactor = await root.offlineRedactor();
    if (options.list) {
      const operations = redactor.listOperations();
      if (options.json) io.out(JSON.stringify({ operations }, null, 2));
      else printOperations(io, operations);
      return EXIT.ok;
    }
    if (!path) throw new DomainError('validation.invalid_input', 'Name the file to redact (or use --list)');
    if (!options.op) throw new DomainError('validation.invalid_input', 'Name the operation with --op (see egress redact --list)');
    if (!isPresetName(options.preset)) throw new DomainError('validation.invalid_input', `Unknown preset "${options.preset}" (one of: ${PRESET_NAMES.join(', ')})`);
    const out = options.out ?? defaultOutPath(path);
    if (resolve(out) === resolve(path)) throw new DomainError('validation.invalid_input', 'The result is never written over the file redacted: choose another --out');
    const parameters = parametersOf(options);
    const redacted = await redactor.redactFile(path, { operation: options.op, parameters, preset: options.preset });
    const partial = `${out}.part`;
    try {
      await pipeline(redacted.open(), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error instanceof DomainError ? error : new DomainError('validation.invalid_input', `Cannot write "${out}": ${error instanceof Error ? error.message : error}`);
    } finally {
      await redacted.dispose();
    }
    const report = {
      input: { path, sha256: redacted.sourceSha256 },
      output: { path: out, sha256: redacted.sha256, bytes: redacted.bytes },
      operation: options.op,
      parameters,
      outcome: redacted.outcome,
    };
    if (options.json) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(`${path} → ${out}: ${redacted.outcome.changeCount} change${redacted.outcome.changeCount === 1 ? '' : 's'} (${options.op})`);
      for (const c of redacted.outcome.changes) {
        const where = c.location
          ? Object.entries(c.location)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')
          : '';
        io.out(`  ${where ? `[${where}] ` : ''}${c.change}`);
      }
      if (redacted.outcome.changes.length < redacted.outcome.changeCount) io.out(`  … and ${redacted.outcome.changeCount - redacted.outcome.changes.length} more`);
      for (const note of redacted.outcome.notes) io.out(`Note: ${note}`);
      io.out(`sha256 ${redacted.sha256}`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(io, error, options.json);
  }
}
