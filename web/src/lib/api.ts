/**
 * The one place the web talks HTTP. Same-origin JSON with the session cookie; every non-GET
 * request carries the CSRF token from the latest session response. Failures become `ApiError`
 * with the server's stable code and human message ({"error":{"code","message"}}).
 */

/** An error answered by the API (or a network failure, with code `network`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Code the server uses when a mutation carried an outdated `version`. */
export const STALE_VERSION = 'conflict.stale_version';

export function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiError && error.code === STALE_VERSION;
}

/** A 409: the resource moved on (stale version, or no longer in a state that allows the action). */
export function isConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409;
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

/** Remember the CSRF token from GET/POST /api/v1/session (kept in memory only). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Register what happens when any call answers 401 (the app sends the user to sign in). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  /** Leave a 401 to the caller instead of redirecting to sign in (the sign-in form itself). */
  allowUnauthorized?: boolean;
}

/** Call `/api/v1${path}` and return the parsed JSON body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const text = await (await send(path, options, 'application/json')).text();
  return (text ? safeParse(text) : undefined) as T;
}

/** Call `/api/v1${path}` and return the body as text (a file's content), with the same errors, 401 handling and CSRF rule as `api`. */
export async function apiText(path: string, options: RequestOptions = {}): Promise<string> {
  return (await send(path, options, '*/*')).text();
}

/** Call `/api/v1${path}` and return the body as bytes, with the same errors, 401 handling and CSRF rule as `api`. */
export async function apiBytes(path: string, options: RequestOptions = {}): Promise<ArrayBuffer> {
  return (await send(path, options, '*/*')).arrayBuffer();
}

/** The one `fetch`: headers, CSRF token, network failure, and a non-2xx answer mapped to `ApiError` (401 → the handler). */
async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError('network', 'Could not reach the server. Check your connection and try again.', 0);
  }
  if (response.ok) return response;

  const error = apiErrorFrom(await response.text(), response.status);
  if (response.status === 401 && !options.allowUnauthorized) {
    csrfToken = null;
    onUnauthorized();
  }
  throw error;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server's `{error:{code,message}}` as an ApiError, or a plain one when the body is not that. */
export function apiErrorFrom(body: string, status: number): ApiError {
  const parsed = parseServerError(body);
  return parsed ? new ApiError(parsed.code, parsed.message, status) : new ApiError('http', `The server answered ${status}. Please try again.`, status);
}

/** The `{code, message}` of a server error body, or undefined when the body is not one (also used for tus upload answers). */
export function parseServerError(body: string): { code: string; message: string } | undefined {
  const data = body ? safeParse(body) : undefined;
  if (typeof data === 'object' && data !== null && 'error' in data) {
    const { error } = data as { error: { code?: unknown; message?: unknown } };
    if (typeof error?.code === 'string' && typeof error.message === 'string') return { code: error.code, message: error.message };
  }
  return undefined;
}
