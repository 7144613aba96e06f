/**
 * Sends one local file into a package over the server's resumable upload endpoint
 * (/api/v1/uploads, tus) with tus-js-client, and says what the server made of it. A file of one
 * chunk or less goes in a single request instead (push-put.ts).
 *
 * Resuming: the address of each unfinished upload is kept in a small JSON file on disk (the
 * CLI's config folder), keyed by server, package, package path, size and modification time. A
 * later run that sends the same file to the same place asks the server for the upload's offset
 * (HEAD) and continues from there, so a killed `egress push` loses at most one chunk per file.
 * The entry is dropped once the server has recorded or refused the file.
 *
 * Before sending, the client asks the server (`/api/v1/uploads/preflight`) whether it would
 * refuse the file, and whether a file is already at that path; only then is the file hashed
 * first, to ask whether it holds exactly this content (then nothing is sent).
 *
 * Checking: the file is hashed while it is sent (push-source.ts), each byte read once; the
 * request with the last bytes declares the sha256 (Egress-Sha256) and the server refuses other
 * bytes. The response that completes the upload carries the hash the server computed
 * (Egress-Sha256), which must equal ours.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as tus from 'tus-js-client';
import type { DetailedError, HttpRequest, HttpResponse, UrlStorage } from 'tus-js-client';
import { errorResponseSchema } from '../../common/contracts/common.contract';
import { UPLOAD_RESULT_HEADERS, uploadPreflightResponseSchema } from '../../common/contracts/uploads.contract';
import { type UploadOutcome, type UploadTarget, unsuccessfulOutcome, unreachableOutcome } from './push-outcome';
import { SINGLE_REQUEST_MAX_BYTES, putSmallFile } from './push-put';
import { type HashingSource, openHashingSource } from './push-source';
import type { LocalFile } from './push-walk';

// The node build exports FileUrlStorage, but its type declarations do not list it.
const { FileUrlStorage } = tus as unknown as { FileUrlStorage: new (path: string) => UrlStorage };

export interface UploadEvents {
  /** Bytes of this file sent so far (including those sent by an earlier run). */
  onProgress?(sent: number, total: number): void;
  /** The server accepted bytes up to `offset`. */
  onAccepted?(offset: number, total: number): void;
  /** A previous upload of this file is continued from `offset`. */
  onResumed?(offset: number, total: number): void;
}

const header = (res: HttpResponse, name: string): string | undefined => {
  const value = res.getHeader(name) as string | string[] | undefined;
  return Array.isArray(value) ? value[0] : value;
};

/** The server's `{"error":{code,message}}` in a response, if it is one. */
function refusalIn(response: HttpResponse) {
  let body: unknown;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    return undefined;
  }
  const refusal = errorResponseSchema.safeParse(body);
  return refusal.success ? refusal.data.error : undefined;
}

/**
 * Retry what may pass on a second try (no answer, 5xx, tus's own 409 offset conflict and 423
 * lock), never a refusal of ours: a 409 `file.name_clash` will not go away.
 */
function shouldRetry(error: DetailedError): boolean {
  const response = error.originalResponse;
  if (!response) return true;
  const status = response.getStatus();
  if (status >= 500) return true;
  if (refusalIn(response)) return false;
  return status === 409 || status === 423;
}

function outcomeOfError(error: Error | DetailedError): UploadOutcome {
  if (!(error instanceof tus.DetailedError)) return { kind: 'failed', message: error.message, reachable: true };
  const response = error.originalResponse;
  if (!response) return { kind: 'failed', message: error.causingError?.message ?? error.message, reachable: false };
  return unsuccessfulOutcome(response.getStatus(), refusalIn(response), response.getBody().trim().slice(0, 200));
}

/** The key under which an unfinished upload of this file to this place is remembered. */
const fingerprintOf = (target: UploadTarget, file: LocalFile) => ['egress-push', target.server, target.packageId, file.packagePath, file.bytes, file.mtimeMs].join('|');

/**
 * The upload state file, read and written by one call at a time: FileUrlStorage locks the file
 * and refuses (ELOCKED) a second caller instead of waiting, and a push sends several files at once.
 */
const stateFiles = new Map<string, UrlStorage>();
function stateStorage(path: string): UrlStorage {
  const existing = stateFiles.get(path);
  if (existing) return existing;
  const file = new FileUrlStorage(path);
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
    const result = queue.then(step);
    queue = result.catch(() => undefined);
    return result;
  };
  const storage: UrlStorage = {
    findAllUploads: () => inTurn(() => file.findAllUploads()),
    findUploadsByFingerprint: (fingerprint) => inTurn(() => file.findUploadsByFingerprint(fingerprint)),
    removeUpload: (key) => inTurn(() => file.removeUpload(key)),
    addUpload: (fingerprint, upload) => inTurn(() => file.addUpload(fingerprint, upload)),
  };
  stateFiles.set(path, storage);
  return storage;
}

async function forget(storage: UrlStorage, fingerprint: string): Promise<void> {
  for (const previous of await storage.findUploadsByFingerprint(fingerprint)) await storage.removeUpload(previous.urlStorageKey);
}

const PREFLIGHT_TIMEOUT_MS = 60_000;

/**
 * Asks the server whether it would refuse the file or already holds it (given its sha256), so
 * that neither costs an upload: answers that outcome, `{ present }` (whether a file is at that
 * path), or null when the server gives no usable answer (the upload then decides).
 */
async function preflight(target: UploadTarget, file: LocalFile, sha256?: string): Promise<UploadOutcome | { present: boolean } | null> {
  let response: Response;
  try {
    response = await fetch(`${target.server}/api/v1/uploads/preflight`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ packageId: target.packageId, path: file.packagePath, bytes: file.bytes, ...(sha256 ? { sha256 } : {}) }),
      signal: target.signal ? AbortSignal.any([target.signal, AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS)]) : AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS),
    });
  } catch (error) {
    if (target.signal?.aborted) return { kind: 'aborted' };
    return unreachableOutcome(target.server, error);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const answer = uploadPreflightResponseSchema.safeParse(body);
    if (!answer.success) return null;
    if (answer.data.unchanged && answer.data.versionNumber !== null) return { kind: 'stored', created: false, versionNumber: answer.data.versionNumber, resumedFrom: null };
    return { present: answer.data.versionNumber !== null };
  }
  const refusal = errorResponseSchema.safeParse(body);
  // A server without this endpoint answers route.not_found: let the upload itself decide.
  if (refusal.success && response.status >= 400 && response.status < 500 && refusal.data.error.code !== 'route.not_found') {
    return { kind: 'refused', status: response.status, code: refusal.data.error.code, message: refusal.data.error.message };
  }
  return null;
}

/**
 * What the preflight says before sending: an outcome (refused, or already there), or go on with
 * the sha256 when it had to be computed first (a file is already at that path).
 */
async function beforeSending(target: UploadTarget, file: LocalFile, source: HashingSource): Promise<UploadOutcome | { sha256?: string }> {
  const first = await preflight(target, file);
  if (first === null || ('present' in first && !first.present)) return {};
  if (!('present' in first)) return first;
  // Hashed through the source that sends it, so the upload does not hash the file again.
  const sha256 = await source.finish();
  const second = await preflight(target, file, sha256);
  return second !== null && !('present' in second) ? second : { sha256 };
}

/**
 * Uploads one file (continuing an earlier attempt when there is one) and answers the outcome.
 * A file the server would refuse, or already holds, is not sent (see `preflight`). Throws
 * only when the file cannot be read (the caller reports it as skipped).
 */
export async function uploadFile(target: UploadTarget, file: LocalFile, events: UploadEvents = {}): Promise<UploadOutcome> {
  if (target.signal?.aborted) return { kind: 'aborted' };
  // A file of one chunk or less has nothing to resume: one request instead of three (push-put.ts).
  if (file.bytes <= Math.min(target.chunkSize, SINGLE_REQUEST_MAX_BYTES)) return putSmallFile(target, file);
  await mkdir(dirname(target.stateFile), { recursive: true, mode: 0o700 });
  const storage = stateStorage(target.stateFile);
  // A file of one chunk or less would lose at most that chunk: it is not remembered for resuming.
  const resumable = file.bytes > target.chunkSize;
  const fingerprint = fingerprintOf(target, file);
  const source: HashingSource = await openHashingSource(file.localPath);
  const early = await beforeSending(target, file, source).catch((error: unknown) => {
    source.close();
    throw error;
  });
  if ('kind' in early) {
    source.close();
    if (resumable && (early.kind === 'stored' || early.kind === 'refused')) await forget(storage, fingerprint);
    return early;
  }
  let resumedFrom: number | null = null;

  const outcome = await new Promise<UploadOutcome>((resolve) => {
    // tus-js-client's own reader would read the file apart from the hash; this source does both.
    // It is closed here once the outcome is known, not by tus (the sha256 may still need it).
    const upload = new tus.Upload(file.localPath as unknown as Blob, {
      fileReader: { openFile: async () => ({ size: source.size, slice: (start: number, end: number) => source.slice(start, end), close: () => undefined }) },
      endpoint: `${target.server}/api/v1/uploads`,
      headers: { authorization: `Bearer ${target.token}` },
      metadata: { packageId: target.packageId, path: file.packagePath, ...(early.sha256 ? { sha256: early.sha256 } : {}) },
      chunkSize: target.chunkSize,
      retryDelays: target.retryDelays,
      onShouldRetry: (error) => shouldRetry(error),
      urlStorage: storage,
      fingerprint: async () => fingerprint,
      storeFingerprintForResuming: resumable,
      removeFingerprintOnSuccess: false,
      onProgress: (sent, total) => events.onProgress?.(sent, total),
      onChunkComplete: (_chunk, accepted, total) => events.onAccepted?.(accepted, total),
      onBeforeRequest: (req: HttpRequest) => {
        // The last slice is hashed before it is sent: the request carrying it declares the sha256.
        const sha256 = source.sha256();
        if (req.getMethod() === 'PATCH' && sha256) req.setHeader(UPLOAD_RESULT_HEADERS.sha256, sha256);
      },
      onAfterResponse: (req: HttpRequest, res: HttpResponse) => {
        if (req.getMethod() !== 'HEAD' || res.getStatus() !== 200) return;
        resumedFrom = Number(header(res, 'Upload-Offset'));
        events.onResumed?.(resumedFrom, file.bytes);
      },
      onSuccess: ({ lastResponse }) => {
        void source.finish().then(
          (ours) => {
            const sha256 = header(lastResponse, UPLOAD_RESULT_HEADERS.sha256);
            if (sha256 !== ours) {
              resolve({ kind: 'failed', message: sha256 ? `the server computed the sha256 ${sha256}, not ${ours}` : 'the server did not confirm the file’s sha256', reachable: true });
              return;
            }
            const created = header(lastResponse, UPLOAD_RESULT_HEADERS.created) === 'true';
            resolve({ kind: 'stored', created, versionNumber: Number(header(lastResponse, UPLOAD_RESULT_HEADERS.versionNumber)), resumedFrom });
          },
          (error: unknown) => resolve({ kind: 'failed', message: `could not hash ${file.localPath}: ${error instanceof Error ? error.message : String(error)}`, reachable: true }),
        );
      },
      onError: (error) => resolve(outcomeOfError(error)),
    });
    target.signal?.addEventListener(
      'abort',
      () => {
        void upload.abort(false);
        resolve({ kind: 'aborted' });
      },
      { once: true },
    );
    (resumable ? upload.findPreviousUploads() : Promise.resolve([]))
      .then((previous) => {
        const latest = previous.sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))[0];
        if (latest) upload.resumeFromPreviousUpload(latest);
        if (!target.signal?.aborted) upload.start();
      })
      .catch((error: unknown) => resolve({ kind: 'failed', message: `cannot read ${target.stateFile}: ${error instanceof Error ? error.message : String(error)}`, reachable: true }));
  });

  source.close();
  // Recorded or refused: the server has discarded the upload, so there is nothing to continue.
  if (resumable && (outcome.kind === 'stored' || outcome.kind === 'refused')) await forget(storage, fingerprint);
  return outcome;
}
