/**
 * Where `egress push` sends a file and what became of it: the shapes and outcome helpers shared by
 * the resumable upload (push-upload.ts) and the single-request upload (push-put.ts), in their own
 * module so that those two do not import each other.
 */

export interface UploadTarget {
  /** The server's base address, e.g. https://egress.example.org (no trailing slash). */
  server: string;
  token: string;
  packageId: string;
  /** The JSON file where unfinished uploads are remembered. */
  stateFile: string;
  /** Bytes per PATCH request. */
  chunkSize: number;
  /** Waits (ms) before retrying a failed request; tus-js-client retries network errors and 5xx, 409 and 423. */
  retryDelays: number[];
  /** Stops the upload (it can be continued by a later run). */
  signal?: AbortSignal;
}

export type UploadOutcome =
  /** The server recorded the file (`created`) or already held exactly this content at that path. */
  | { kind: 'stored'; created: boolean; versionNumber: number; resumedFrom: number | null }
  /** The server refused the file, with its reason. */
  | { kind: 'refused'; status: number; code: string; message: string }
  /** No answer, or not one we can trust; `reachable: false` when the server could not be reached. */
  | { kind: 'failed'; message: string; reachable: boolean }
  | { kind: 'aborted' };

/** The outcome of a request that got no answer from `server`. */
export function unreachableOutcome(server: string, error: unknown): UploadOutcome {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return { kind: 'failed', message: `could not reach ${server}: ${cause}`, reachable: false };
}

/** The outcome of an answer that is not a success: a 4xx with the API's error is a refusal, anything else a failure. */
export function unsuccessfulOutcome(status: number, refusal: { code: string; message: string } | undefined, text = ''): UploadOutcome {
  if (refusal && status >= 400 && status < 500) return { kind: 'refused', status, code: refusal.code, message: refusal.message };
  const detail = refusal ? refusal.message : text;
  return { kind: 'failed', message: `the server answered ${status}${detail ? `: ${detail}` : ''}`, reachable: true };
}
