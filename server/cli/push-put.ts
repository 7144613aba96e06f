/**
 * Sends one small file (at most one chunk, see push-upload.ts) in a single request: the server's
 * streamed upload, `PUT /api/v1/packages/:id/files/content?path=…` with `X-Content-SHA256`.
 * A resumable upload costs three requests and three transactions per file (preflight, create,
 * append); this costs one, which is what makes pushing thousands of small files fast. Nothing
 * to resume: a file this small is simply sent again. The server refuses before reading the
 * bytes whatever the preflight would refuse, answers 200 when the path already holds exactly
 * these bytes (reported as unchanged), and refuses bytes that do not hash to the declared sha256;
 * the sha256 it recorded must equal ours.
 *
 * Example: `results/t1.csv` (12 KiB) → `PUT …/files/content?path=results%2Ft1.csv` → 201,
 * version 1.
 */
import { createHash } from 'node:crypto';
import { errorResponseSchema } from '../../common/contracts/common.contract';
import { ingestedFileResponseSchema } from '../../common/contracts/packages.contract';
import { type UploadOutcome, type UploadTarget, unreachableOutcome, unsuccessfulOutcome } from './push-outcome';
import { type LocalFile, openRegularFile } from './push-walk';

/** Files up to this size (and up to one chunk) go in one request. */
export const SINGLE_REQUEST_MAX_BYTES = 8 * 1024 * 1024;

const REQUEST_TIMEOUT_MS = 120_000;

/** Reads a whole regular file, refusing a symbolic link or anything else (ENOTREG). */
async function readRegularFile(localPath: string): Promise<Buffer> {
  const handle = await openRegularFile(localPath);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * One attempt; a thrown error means no answer (network). `retry` is set only for a 5xx: another
 * attempt may fare better. A refusal, or a 2xx whose answer cannot be trusted, would be the same.
 */
async function attempt(target: UploadTarget, file: LocalFile, bytes: Buffer, sha256: string): Promise<{ outcome: UploadOutcome; retry: boolean }> {
  const address = `${target.server}/api/v1/packages/${encodeURIComponent(target.packageId)}/files/content?path=${encodeURIComponent(file.packagePath)}`;
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const response = await fetch(address, {
    method: 'PUT',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/octet-stream', 'x-content-sha256': sha256, accept: 'application/json' },
    body: new Uint8Array(bytes),
    signal: target.signal ? AbortSignal.any([target.signal, timeout]) : timeout,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { outcome: storedOutcome(response.status, body, sha256), retry: false };
  const refusal = errorResponseSchema.safeParse(body);
  return { outcome: unsuccessfulOutcome(response.status, refusal.success ? refusal.data.error : undefined), retry: response.status >= 500 };
}

/** What a 2xx answer says: the file stored, if the answer names it with our sha256. */
function storedOutcome(status: number, body: unknown, sha256: string): UploadOutcome {
  const answer = ingestedFileResponseSchema.safeParse(body);
  if (!answer.success) return { kind: 'failed', message: `the server answered ${status} without the recorded file`, reachable: true };
  const { file: recorded, created } = answer.data;
  if (recorded.current.sha256 !== sha256) return { kind: 'failed', message: `the server recorded the sha256 ${recorded.current.sha256}, not ${sha256}`, reachable: true };
  return { kind: 'stored', created, versionNumber: recorded.current.number, resumedFrom: null };
}

/**
 * Sends a small file in one request, retrying after `target.retryDelays` when there is no
 * answer or a 5xx. Throws only when the file cannot be read (the caller reports it as skipped).
 */
export async function putSmallFile(target: UploadTarget, file: LocalFile): Promise<UploadOutcome> {
  const bytes = await readRegularFile(file.localPath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let outcome: UploadOutcome = { kind: 'aborted' };
  for (const delay of [0, ...target.retryDelays]) {
    if (delay > 0) await wait(delay, target.signal);
    if (target.signal?.aborted) return { kind: 'aborted' };
    try {
      const answered = await attempt(target, file, bytes, sha256);
      outcome = answered.outcome;
      if (!answered.retry) return outcome;
    } catch (error) {
      if (target.signal?.aborted) return { kind: 'aborted' };
      outcome = unreachableOutcome(target.server, error);
    }
  }
  return outcome;
}
