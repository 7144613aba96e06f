/**
 * One resumable upload of one file into a package, over tus (POST /api/v1/uploads). The bytes
 * go in chunks; a dropped connection is retried with growing delays and resumes from the
 * offset the server already holds, and going offline pauses the upload until the browser is
 * back online. Files under 200 MB are hashed first (sha256, in the browser) so the server can
 * verify what arrived. The server's refusal (`{error:{code,message}}`) is what the user sees.
 *
 * Example: `new UploadRunner({file, path: 'results/table1.csv', packageId, csrfToken, onChange}).start()`
 * → onChange({status:'hashing'}) … ({status:'uploading', sent}) … ({status:'done'}).
 */
import { type DetailedError, Upload } from 'tus-js-client';
import { parseServerError } from '../../lib/api';

export const UPLOAD_ENDPOINT = '/api/v1/uploads';
/** Larger files are not hashed in the browser: reading them whole into memory costs too much. */
export const HASH_LIMIT_BYTES = 200 * 1024 * 1024;
const CHUNK_BYTES = 8 * 1024 * 1024;
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000];

export type UploadStatus = 'waiting' | 'hashing' | 'uploading' | 'retrying' | 'offline' | 'done' | 'failed' | 'cancelled';

export interface UploadState {
  status: UploadStatus;
  sent: number;
  /** Why it failed, in the server's words where it gave any. */
  message?: string;
  /** False when the server refused the file: trying again would not help. */
  retryable?: boolean;
}

interface RunnerOptions {
  file: File;
  /** Path in the package, e.g. "figures/fig1.png". */
  path: string;
  packageId: string;
  /** Read on every request, so a renewed session's token is used. */
  csrfToken: () => string | null;
  onChange: (state: UploadState) => void;
}

async function sha256Hex(file: File): Promise<string | undefined> {
  if (file.size >= HASH_LIMIT_BYTES || !globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function statusOf(error: Error | DetailedError): number {
  return 'originalResponse' in error && error.originalResponse ? error.originalResponse.getStatus() : 0;
}

/** The message to show for a failed upload: the server's own words when it sent them. */
export function uploadErrorMessage(error: Error | DetailedError): string {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response) {
    const refusal = parseServerError(response.getBody() ?? '');
    if (refusal) return refusal.message;
    const status = response.getStatus();
    if (status === 413) return 'The file is larger than the server accepts.';
    if (status === 401) return 'Your session has ended; sign in again and add the file again.';
    if (status === 403) return 'The server refused the upload (403). Reload the page and try again.';
    return `The server answered ${status}. Try again.`;
  }
  return 'The connection was lost before the upload finished.';
}

export class UploadRunner {
  private upload: Upload | undefined;
  private state: UploadState = { status: 'waiting', sent: 0 };
  private readonly resumeWhenOnline = () => this.resume();

  constructor(private readonly options: RunnerOptions) {}

  /** Read afresh: cancel() may run while start() awaits. */
  private cancelled(): boolean {
    return this.state.status === 'cancelled';
  }

  private set(patch: Partial<UploadState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }

  /** Hashes (small files), then starts or resumes the upload; resolves when it has begun. */
  async start(): Promise<void> {
    const { file, path, packageId } = this.options;
    this.set({ status: 'hashing', sent: 0, message: undefined, retryable: undefined });
    let sha256: string | undefined;
    try {
      sha256 = await sha256Hex(file);
    } catch {
      sha256 = undefined; // the server hashes every byte anyway; the declared hash is an extra check
    }
    if (this.cancelled()) return;
    const upload = new Upload(file, {
      endpoint: UPLOAD_ENDPOINT,
      metadata: { packageId, path, ...(sha256 ? { sha256 } : {}) },
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      removeFingerprintOnSuccess: true,
      // The same file for the same path of the same package resumes the upload begun earlier.
      fingerprint: async () => ['egress-upload', packageId, path, file.size, file.lastModified, sha256 ?? ''].join(':'),
      onBeforeRequest: (request) => {
        const token = this.options.csrfToken();
        if (token) request.setHeader('x-csrf-token', token);
      },
      onShouldRetry: (error) => {
        const status = statusOf(error);
        // A refusal by the server (a bad name, too large, not editable) will not change on retry.
        if (status > 0 && status < 500 && parseServerError(error.originalResponse?.getBody() ?? '')) return false;
        const retry = status === 0 || status >= 500 || status === 409 || status === 423;
        if (retry) this.set({ status: 'retrying' });
        return retry;
      },
      onProgress: (sent) => this.set({ status: 'uploading', sent }),
      onSuccess: () => this.set({ status: 'done', sent: file.size }),
      onError: (error) => {
        if (statusOf(error) === 0 && typeof navigator !== 'undefined' && navigator.onLine === false) {
          // Resume by itself once the connection is back; the server keeps what it already has.
          this.set({ status: 'offline', message: 'Waiting for the connection to come back…' });
          window.addEventListener('online', this.resumeWhenOnline, { once: true });
          return;
        }
        const refused = 'originalResponse' in error && error.originalResponse !== null && parseServerError(error.originalResponse.getBody() ?? '') !== undefined;
        this.set({ status: 'failed', message: uploadErrorMessage(error), retryable: !refused || statusOf(error) >= 500 });
      },
    });
    this.upload = upload;
    const previous = await upload.findPreviousUploads().catch(() => []);
    const resumable = previous.find((p) => p.uploadUrl);
    if (resumable) upload.resumeFromPreviousUpload(resumable);
    if (this.cancelled()) return;
    this.set({ status: 'uploading' });
    upload.start();
  }

  /** Continues a failed or paused upload from what the server already holds. */
  resume(): void {
    window.removeEventListener('online', this.resumeWhenOnline);
    if (!this.upload) {
      void this.start();
      return;
    }
    this.set({ status: 'uploading', message: undefined });
    this.upload.start();
  }

  /** Stops the upload and asks the server to discard what it received. */
  cancel(): void {
    window.removeEventListener('online', this.resumeWhenOnline);
    const unfinished = this.state.status !== 'done';
    this.set({ status: 'cancelled' });
    if (this.upload && unfinished) void this.upload.abort(true).catch(() => undefined);
  }

  /** Stops without discarding (leaving the page): the same file resumes when added again. */
  pause(): void {
    window.removeEventListener('online', this.resumeWhenOnline);
    if (this.upload && this.state.status !== 'done') void this.upload.abort(false).catch(() => undefined);
  }
}
