/**
 * The Redactor port of server/ports/redactor.ts (structurally, as server/checks/engine/staged-scan.ts
 * implements the Scanner port): each run copies the source into a private temporary folder
 * (mode 0700, the file 0600) under its own name, hashing it on the way, runs the operation from
 * the registry with a time limit (an AbortSignal) and the memory budget, hashes the output and
 * hands it back. Whatever fails, the folder is removed before the error is thrown; on success
 * the caller disposes of it once the bytes are stored. Operation refusals (RedactionError) become
 * DomainErrors with the same code; anything else an operation throws is `redaction.failed`.
 *
 * Example: `stagedRedactor().redact({ operation: 'images.strip_metadata', parameters: {}, source, … })`
 * → `{ sha256, bytes, outcome: { changeCount: 3, changes: [{ change: 'removed EXIF' }, …] }, open, dispose }`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RedactionOperationInfo, RedactionOutcomeInfo } from '../../common/contracts/redaction.contract';
import { DomainError, isDomainError } from '../domain/errors';
import { describeOperation } from './describe-operation';
import { REDACTION_OPERATIONS } from './registry';
import { MAX_LISTED_CHANGES, type RedactionOperation, type RedactionOutcome, RedactionError, type TargetFinding } from './types';
import type { ScanParameters } from '../checks/shared/presets';

export interface StagedRedactorOptions {
  /** The operations offered (default: the registry's); tests pass their own. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
  operations?: readonly RedactionOperation<any>[];
  /** How long one run may take (default 5 minutes). */
  timeoutMs?: number;
  /** What an operation may hold in memory at once (default 256 MiB). */
  memoryBudgetBytes?: number;
  /** Where the private folders are made (default the system's temporary folder). */
  tmpRoot?: string;
}

export const DEFAULT_REDACTION_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_REDACTION_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;

interface Run {
  operation: string;
  parameters: unknown;
  source: { name: string; mediaType: string; bytes: number; content: Readable };
  scanParameters: ScanParameters;
  targets: TargetFinding[];
}

/** A file name safe to create in the private folder: the last path segment, never empty or a dot name. */
function localName(name: string): string {
  const last = [...name.slice(name.lastIndexOf('/') + 1)].map((c) => (c.charCodeAt(0) < 0x20 || c === '\\' ? '_' : c)).join('');
  return last === '' || last === '.' || last === '..' ? 'file' : last;
}

function hashing(): { transform: Transform; digest: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { transform, digest: () => ({ sha256: hash.digest('hex'), bytes }) };
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The outcome as stored and shown: the list capped, notes always a list. */
function tidy(outcome: RedactionOutcome): RedactionOutcomeInfo {
  return {
    changeCount: outcome.changeCount,
    changes: outcome.changes.slice(0, MAX_LISTED_CHANGES).map((c) => ({ ...(c.location ? { location: c.location } : {}), change: c.change })),
    notes: outcome.notes ?? [],
  };
}

/** The parameters' problems in words: paths and messages, never the values given. */
function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'parameters'}: ${i.message}`).join('; ');
}

async function runWithin<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DomainError('redaction.timed_out', `The redaction took longer than ${Math.round(timeoutMs / 1000)} seconds and was stopped`));
    }, timeoutMs);
  });
  try {
    // An operation that ignores the signal is still cut off: its output folder is removed by the caller.
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function asDomainError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  if (error instanceof RedactionError) return new DomainError(error.code, error.message);
  return new DomainError('redaction.failed', 'The operation failed on this file; redact it inside the environment and add it again');
}

/** A Redactor over the given operations (server/ports/redactor.ts). */
export function stagedRedactor(options: StagedRedactorOptions = {}) {
  const operations = options.operations ?? REDACTION_OPERATIONS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDACTION_TIMEOUT_MS;
  const memoryBudgetBytes = options.memoryBudgetBytes ?? DEFAULT_REDACTION_MEMORY_BUDGET_BYTES;
  const find = (id: string) => operations.find((op) => op.id === id);

  return {
    listOperations(): RedactionOperationInfo[] {
      return operations.map(describeOperation);
    },

    operationsFor(file: { name: string; mediaType: string }): RedactionOperationInfo[] {
      return operations.filter((op) => op.supports(file)).map(describeOperation);
    },

    async redact(run: Run) {
      const op = find(run.operation);
      if (!op) {
        run.source.content.destroy();
        throw new DomainError('redaction.unknown_operation', `There is no redaction operation "${run.operation}"`);
      }
      if (!op.supports({ name: run.source.name, mediaType: run.source.mediaType })) {
        run.source.content.destroy();
        throw new DomainError('redaction.unsupported_format', `"${op.id}" does not work on ${run.source.mediaType} files`);
      }
      const parsed = op.parameters.safeParse(run.parameters);
      if (!parsed.success) {
        run.source.content.destroy();
        throw new DomainError('redaction.invalid_parameters', `The parameters of "${op.id}" are not valid: ${issuesOf(parsed.error)}`);
      }
      const dir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'egress-redaction-'));
      try {
        const name = localName(run.source.name);
        await mkdir(join(dir, 'in'), { mode: 0o700 });
        await mkdir(join(dir, 'out'), { mode: 0o700 });
        const inPath = join(dir, 'in', name);
        const outPath = join(dir, 'out', name);
        const staged = hashing();
        await pipeline(run.source.content, staged.transform, createWriteStream(inPath, { mode: 0o600 }));
        const source = staged.digest();
        const outcome = await runWithin(timeoutMs, (signal) =>
          op.apply({ path: inPath, name: run.source.name, bytes: source.bytes, mediaType: run.source.mediaType }, parsed.data, outPath, {
            parameters: run.scanParameters,
            signal,
            memoryBudgetBytes,
            targets: run.targets,
          }),
        );
        if (!(await stat(outPath).catch(() => undefined))?.isFile()) throw new DomainError('redaction.failed', `"${op.id}" wrote no result`);
        const result = await hashFile(outPath);
        if (outcome.changeCount === 0 || result.sha256 === source.sha256) {
          throw new DomainError('redaction.nothing_to_change', `"${op.id}" found nothing to change in this file`);
        }
        return {
          sha256: result.sha256,
          bytes: result.bytes,
          sourceSha256: source.sha256,
          outcome: tidy(outcome),
          open: () => createReadStream(outPath),
          dispose: () => rm(dir, { recursive: true, force: true }),
        };
      } catch (error) {
        run.source.content.destroy();
        await rm(dir, { recursive: true, force: true });
        throw asDomainError(error);
      }
    },
  };
}
