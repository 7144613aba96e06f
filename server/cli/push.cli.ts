/**
 * `egress push PATH… --package ID [--server URL] [--token-stdin]`: uploads files and folders
 * into an egress package over the server's resumable upload endpoint, as the person whose API
 * token `egress login` saved (or one read from standard input).
 *
 * Which files and under which paths: see push-walk.ts (a folder's own name is not part of the
 * paths; symbolic links are never followed). Each file is hashed while it is uploaded (hashed
 * first only when the package already has a file at its path, to skip it when unchanged); the
 * server checks the sha256 and confirms it. Several files are sent at once (PUSH_CONCURRENCY),
 * which is what makes many small files fast. A killed push, run again, continues each file
 * from where the server got to. The server decides what it accepts: its refusal of a file is
 * reported and the push goes on with the next one, except when no file could succeed (the
 * token or the package is refused, or the server cannot be reached).
 *
 * Output: one plain line per file (`uploaded results/t1.csv (1234 bytes, version 1)`), a byte
 * progress line on a terminal, and a summary. Exit codes: 0 every file is in the package
 * (uploaded now or unchanged); 1 something was refused, skipped or failed; 2 usage.
 */
import { dirname, join } from 'node:path';
import { idSchema } from '../../common/contracts/common.contract';
import { type CliEnv, credentialsPath, loadCredentials } from './credentials';
import { normaliseServer } from './login.cli';
import { EXIT, type Io } from './output';
import { type Progress, type ProgressSink, createProgress, formatBytes } from './push-progress';
import type { UploadOutcome, UploadTarget } from './push-outcome';
import { uploadFile } from './push-upload';
import { type LocalFile, type SkippedEntry, collectFiles, unreadableReason } from './push-walk';

export interface PushCliOptions {
  package: string;
  server?: string;
  tokenStdin?: boolean;
}

/** What the real process supplies, and tests replace. */
export interface PushDeps {
  /** Where the progress line goes (default: standard error); null for none. */
  progress?: ProgressSink | null;
  chunkSize?: number;
  /** Files sent at once (default PUSH_CONCURRENCY). */
  concurrency?: number;
  retryDelays?: number[];
  /** Stops the push; a later run continues where it stopped. */
  signal?: AbortSignal;
  /** Called whenever the server has accepted bytes of a file. */
  onAccepted?(packagePath: string, offset: number, total: number): void;
}

/** Bytes per PATCH: fewer, larger requests send a large file faster (see docs/benchmarks.md). */
export const PUSH_CHUNK_BYTES = 64 * 1024 * 1024;
/** Files uploaded at once. */
export const PUSH_CONCURRENCY = 6;
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000];
/** Refusals that every other file would meet too: the push stops. */
const FATAL_CODES = new Set(['package.not_found', 'package.not_editable', 'project.closed', 'workflow.not_allowed']);
const isFatal = (code: string) => FATAL_CODES.has(code) || code.startsWith('auth.') || code.startsWith('token.');

/** Where unfinished uploads are remembered: next to the saved credentials. */
export const pushStateFile = (env: CliEnv): string => join(dirname(credentialsPath(env)), 'push-uploads.json');

class UsageError extends Error {}

/** The server and token to use: the saved ones, or --server and a token from standard input. */
async function targetOf(io: Io, env: CliEnv, options: PushCliOptions): Promise<{ server: string; token: string }> {
  const saved = await loadCredentials(env).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  const server = options.server !== undefined ? normaliseServer(options.server)?.href.replace(/\/$/, '') : undefined;
  if (options.server !== undefined && !server) throw new UsageError(`--server must be the server's address, e.g. https://egress.example.org (got "${options.server}")`);
  if (options.tokenStdin) {
    const token = (await io.readStdin()).trim();
    if (!token) throw new UsageError('give the API token on standard input with --token-stdin');
    const base = server ?? (saved instanceof Error ? undefined : saved.server);
    if (!base) throw new UsageError('give the server with --server URL (no server was saved by "egress login")');
    return { server: base, token };
  }
  if (saved instanceof Error) throw new UsageError(saved.message);
  // The saved token was checked against its own server; never send it anywhere else.
  if (server && server !== saved.server) throw new UsageError(`the saved API token is for ${saved.server}; to push to ${server}, give its token with --token-stdin`);
  return { server: saved.server, token: saved.token };
}

interface Tally {
  uploaded: number;
  unchanged: number;
  refused: number;
  skipped: number;
  failed: number;
  notAttempted: number;
  bytesSent: number;
}

function reportOutcome(io: Io, file: LocalFile, bytes: number, outcome: UploadOutcome, tally: Tally): boolean {
  switch (outcome.kind) {
    case 'stored':
      if (outcome.created) {
        tally.uploaded += 1;
        tally.bytesSent += bytes;
        io.out(`uploaded ${file.packagePath} (${bytes} bytes, version ${outcome.versionNumber})`);
      } else {
        tally.unchanged += 1;
        io.out(`unchanged ${file.packagePath} (${bytes} bytes, already version ${outcome.versionNumber})`);
      }
      return true;
    case 'refused':
      tally.refused += 1;
      io.err(`refused ${file.packagePath}: ${outcome.message} (${outcome.code})`);
      return !isFatal(outcome.code);
    case 'failed':
      tally.failed += 1;
      io.err(`failed ${file.packagePath}: ${outcome.message}`);
      return outcome.reachable;
    case 'aborted':
      tally.notAttempted += 1;
      io.err(`stopped ${file.packagePath}; run the same command again to continue`);
      return false;
  }
}

async function pushOne(io: Io, target: UploadTarget, file: LocalFile, label: string, progress: Progress, deps: PushDeps, tally: Tally): Promise<boolean> {
  progress.show(`${label} ${file.packagePath}`, true);
  const outcome = await uploadFile(target, file, {
    onProgress: (sent, total) => progress.show(`${label} ${file.packagePath}  ${formatBytes(sent)} of ${formatBytes(total)} (${total ? Math.floor((sent / total) * 100) : 100}%)`),
    onAccepted: (offset, total) => deps.onAccepted?.(file.packagePath, offset, total),
    onResumed: (offset, total) => {
      if (offset <= 0) return;
      progress.clear();
      io.out(`continuing ${file.packagePath} from byte ${offset} of ${total}`);
    },
  }).then(
    (result): UploadOutcome | { unreadable: unknown } => result,
    (error: unknown) => ({ unreadable: error }),
  );
  progress.clear();
  if ('unreadable' in outcome) {
    tally.skipped += 1;
    io.err(`skipped ${file.localPath}: ${unreadableReason(outcome.unreadable)}`);
    return true;
  }
  return reportOutcome(io, file, file.bytes, outcome, tally);
}

function reportSkipped(io: Io, skipped: SkippedEntry[]): void {
  for (const entry of skipped) io.err(`skipped ${entry.path}: ${entry.reason}`);
}

export async function pushCommand(io: Io, env: CliEnv, paths: string[], options: PushCliOptions, deps: PushDeps = {}): Promise<number> {
  let target: UploadTarget;
  let walk: Awaited<ReturnType<typeof collectFiles>>;
  try {
    if (!idSchema.safeParse(options.package).success) throw new UsageError('--package must be the id of an egress package');
    if (paths.length === 0) throw new UsageError('name at least one file or folder to push');
    const { server, token } = await targetOf(io, env, options);
    if (server.startsWith('http:') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(server)) io.err(`egress: warning: ${server} is not HTTPS, so the token and the files travel unencrypted`);
    target = {
      server,
      token,
      packageId: options.package,
      stateFile: pushStateFile(env),
      chunkSize: deps.chunkSize ?? PUSH_CHUNK_BYTES,
      retryDelays: deps.retryDelays ?? RETRY_DELAYS_MS,
      ...(deps.signal ? { signal: deps.signal } : {}),
    };
    walk = await collectFiles(paths).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new UsageError(`no such file or folder: ${error.path ?? ''}; nothing was pushed`);
      throw error;
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`egress: ${error.message}`);
    return EXIT.usage;
  }

  const progress = createProgress(deps.progress === undefined ? process.stderr : deps.progress);
  const tally: Tally = { uploaded: 0, unchanged: 0, refused: 0, skipped: walk.skipped.length, failed: 0, notAttempted: 0, bytesSent: 0 };
  reportSkipped(io, walk.skipped);
  // Workers take the files in order; a refusal every file would meet stops them all. The first
  // file goes alone, so such a refusal (a bad token, a locked package) is met once, not per worker.
  let next = 0;
  let stopped = false;
  const worker = async (once = false) => {
    while (!stopped && next < walk.files.length) {
      const index = next++;
      const file = walk.files[index] as LocalFile;
      if (!(await pushOne(io, target, file, `[${index + 1}/${walk.files.length}]`, progress, deps, tally))) stopped = true;
      if (once) return;
    }
  };
  await worker(true);
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? PUSH_CONCURRENCY) }, () => worker()));
  const rest = walk.files.length - next;
  if (stopped && rest > 0) {
    tally.notAttempted += rest;
    io.err(`stopped before ${rest} more file${rest === 1 ? '' : 's'}; run the same command again to continue`);
  }

  const parts = [`${tally.uploaded} uploaded (${formatBytes(tally.bytesSent)})`, `${tally.unchanged} unchanged`, `${tally.refused} refused`, `${tally.skipped} skipped`];
  if (tally.failed) parts.push(`${tally.failed} failed`);
  if (tally.notAttempted) parts.push(`${tally.notAttempted} not attempted`);
  io.out(`Package ${target.packageId}: ${parts.join(', ')}.`);
  const allIn = tally.refused + tally.skipped + tally.failed + tally.notAttempted === 0;
  return allIn ? EXIT.ok : EXIT.failed;
}
