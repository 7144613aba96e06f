/**
 * Resumable uploads over the tus protocol (https://tus.io/protocols/resumable-upload) at
 * /api/v1/uploads: `POST` creates an upload (`Upload-Length` required, `Upload-Metadata`
 * {packageId, path, sha256?}), `HEAD /uploads/:id` answers its offset, `PATCH` appends bytes,
 * `DELETE` cancels it; `POST /uploads/preflight` (JSON) says before any byte whether an upload
 * would be refused and whether the package already holds that content. @tus/server speaks the
 * protocol on the raw request (`reply.hijack()`); the bytes are staged on local disk through
 * PackageServices.uploadStaging (server/ports/upload-staging.ts) until the upload completes, so an
 * upload survives a restart of the server (new process, same folder and database).
 *
 * Each request is authenticated like any other API request (session + CSRF header, or an API
 * token with packages:write) before tus sees it. Everything that can be refused is refused
 * when the upload is created, before a byte is sent (commands/uploads.commands.ts). Only the
 * person who created an upload can reach it; to others it answers 404 `upload.not_found`.
 * The request that carries the last byte finishes the upload: the bytes go into the blob store
 * (checked against the declared size and sha256) and become a file version; its response
 * carries the `Egress-*` headers of common/contracts/uploads.contract.ts, or a refusal as
 * `{"error":{code,message}}` (e.g. 422 `file.hash_mismatch`) with nothing recorded. That request
 * may declare the sha256 in an `Egress-Sha256` header (a client that hashes while it sends knows
 * it only then); the bytes must match it as well as the one in the metadata.
 *
 * Speed: the staging store hashes the bytes as they arrive (server/storage/tus-upload-staging.ts; after
 * a restart mid-upload it hashes the staged file instead), and a folder blob store on the same
 * file system takes the staged file by hard link, so finishing a large upload neither reads nor
 * copies it again. Other stores receive the staged bytes as a stream (hashed again on the way).
 *
 * Stale uploads: an upload not completed within UPLOAD_EXPIRY_HOURS answers 410 and cannot be
 * continued. Its staged bytes are removed at start-up and every UPLOAD_CLEANUP_INTERVAL_MINUTES
 * (@tus/file-store's deleteExpired); its row stays as the record of an unfinished upload. Staging
 * is local to the process's disk, so several API processes need one shared upload folder or
 * sticky routing per upload.
 */
import { Metadata, Server as TusServer } from '@tus/server';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { UPLOAD_RESULT_HEADERS, uploadPreflightRequestSchema, uploadPreflightResponseSchema } from '../../../common/contracts/uploads.contract';
import type { CommandContext } from '../../commands/context';
import {
  type FinishedUpload,
  type PreparedUpload,
  type UploadDeclaration,
  abandonUpload,
  cancelUpload,
  findOwnUpload,
  finishUpload,
  openUpload,
  preflightUpload,
  prepareUpload,
} from '../../commands/uploads.commands';
import { DomainError, isDomainError } from '../../domain/errors';
import type { PutOptions } from '../../ports/blob-store';
import type { PackageServices } from '../../ports/package-services';
import type { OpenUploadStaging } from '../../ports/upload-staging';
import { type AuthDeps, contextOf } from '../auth';
import { STATUS_FOR_KIND } from '../error-handler';
import type { App } from '../types';

export interface UploadRouteDeps extends AuthDeps {
  packages: PackageServices;
}

/** The request header with which the request carrying the last byte may declare the file's sha256. */
export const FINAL_SHA256_HEADER = UPLOAD_RESULT_HEADERS.sha256;

/** What the tus hooks need to know about the Fastify request they run for. */
interface RequestState {
  ctx: CommandContext;
  log: FastifyBaseLogger;
  prepared?: PreparedUpload;
  openedId?: string;
  /** An upload finished by its creation request: its staged bytes are removed once tus has answered. */
  finishedId?: string;
  /** The sha256 declared by this request (Egress-Sha256), for the upload it may finish. */
  finalSha256?: string;
}

interface TusResponse {
  status_code?: number;
  headers?: Record<string, string>;
  body?: string;
}

const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };
const INTERNAL = { code: 'internal', message: 'Something went wrong on the server; the error was logged' };

function refusalBody(error: unknown): { status: number; body: string } {
  if (!isDomainError(error)) return { status: 500, body: JSON.stringify({ error: INTERNAL }) };
  return { status: STATUS_FOR_KIND[error.kind], body: JSON.stringify({ error: { code: error.code, message: error.message } }) };
}

/** The sha256 a request declares in Egress-Sha256, if any; throws `validation.invalid_input` when malformed. */
function finalSha256Of(request: FastifyRequest): { finalSha256?: string } {
  const value = request.headers[FINAL_SHA256_HEADER.toLowerCase()];
  if (value === undefined) return {};
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw new DomainError('validation.invalid_input', `${FINAL_SHA256_HEADER} must be a sha256: 64 lower-case hexadecimal characters`);
  }
  return { finalSha256: value };
}

/** `Upload-Length` and `Upload-Metadata` of a creation request; deferred length is refused. */
function declarationOf(request: FastifyRequest): UploadDeclaration {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  if (header('upload-defer-length') !== undefined) {
    throw new DomainError('validation.invalid_input', 'Give the file size in Upload-Length when creating an upload; a deferred length is not accepted');
  }
  if (header('upload-concat') !== undefined) throw new DomainError('validation.invalid_input', 'Parallel (concatenated) uploads are not accepted');
  const length = header('upload-length');
  if (length === undefined || !/^\d{1,16}$/.test(length) || !Number.isSafeInteger(Number(length))) {
    throw new DomainError('validation.invalid_input', 'Upload-Length must give the file size in bytes');
  }
  const raw = header('upload-metadata');
  let metadata: Record<string, string | null> = {};
  try {
    if (raw !== undefined && raw.trim() !== '') metadata = Metadata.parse(raw);
  } catch {
    throw new DomainError('validation.invalid_input', 'Upload-Metadata must be comma-separated "key base64value" pairs');
  }
  return { bytes: Number(length), metadata };
}

function resultHeaders(done: FinishedUpload): Record<string, string> {
  return {
    [UPLOAD_RESULT_HEADERS.fileId]: done.file.id,
    [UPLOAD_RESULT_HEADERS.fileVersion]: done.version.id,
    [UPLOAD_RESULT_HEADERS.versionNumber]: String(done.version.number),
    [UPLOAD_RESULT_HEADERS.sha256]: done.sha256,
    [UPLOAD_RESULT_HEADERS.created]: String(done.created),
  };
}

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const uploadParams = z.object({ uploadId: idSchema });
const writeScope = { tokenScopes: ['packages:write'] as const };
const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

/**
 * Removes the staged bytes of expired uploads now and every `intervalMs` (0: only now) until the
 * app closes. A failed round is logged; the next one tries again.
 */
async function scheduleCleanup(app: App, store: OpenUploadStaging): Promise<void> {
  const cleanUp = async () => {
    try {
      const removed = await store.deleteExpired();
      if (removed > 0) app.log.info({ removed }, 'removed the staged bytes of expired uploads');
    } catch (error) {
      app.log.warn({ err: error }, 'could not remove the staged bytes of expired uploads');
    }
  };
  await cleanUp();
  if (store.cleanupIntervalMs <= 0) return;
  const timer = setInterval(() => void cleanUp(), store.cleanupIntervalMs).unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

/** Registers the tus endpoint; call inside a scope protected by protectRoutes, under /api/v1. */
export async function uploadRoutes(app: App, deps: UploadRouteDeps): Promise<void> {
  const { packages } = deps;
  const store = await packages.uploadStaging.open();
  await scheduleCleanup(app, store);
  // Keyed by the raw Node request, which tus exposes to its hooks as `req.runtime.node.req`.
  const states = new WeakMap<object, RequestState>();
  const stateOf = (req: { runtime?: { node?: { req?: object } } }): RequestState => {
    const raw = req.runtime?.node?.req;
    const state = raw ? states.get(raw) : undefined;
    if (!state) throw new Error('a tus request arrived without going through the upload routes');
    return state;
  };

  const finish = async (state: RequestState, uploadId: string, method: string): Promise<TusResponse> => {
    // tus's POST handler reads the upload's state after this hook (for Upload-Expires), so an upload
    // finished by its creation request loses its staged bytes once tus has answered; otherwise now.
    const removeNow = method !== 'POST';
    if (!removeNow) state.finishedId = uploadId;
    try {
      const storeStaged = (options: PutOptions) => store.storeInto(packages.blobs, uploadId, options);
      return { headers: resultHeaders(await finishUpload(state.ctx, packages, uploadId, storeStaged, state.finalSha256)) };
    } catch (error) {
      if (!isDomainError(error) || STATUS_FOR_KIND[error.kind] >= 500) state.log.error({ err: error, uploadId }, 'finishing an upload failed');
      const refusal = refusalBody(error);
      return { status_code: refusal.status, headers: JSON_TYPE, body: refusal.body };
    } finally {
      if (removeNow) await store.remove(uploadId).catch((error: unknown) => state.log.warn({ err: error }, 'could not remove the staged bytes of a finished upload'));
    }
  };

  const tus = new TusServer({
    path: `${app.prefix}/uploads`,
    datastore: store.datastore,
    relativeLocation: true,
    maxSize: packages.limits.maxFileBytes,
    // Same-origin only: the web UI needs no CORS, and other clients are not browsers.
    allowedOrigins: () => false,
    exposedHeaders: Object.values(UPLOAD_RESULT_HEADERS),
    onUploadCreate: async (req, upload) => {
      const state = stateOf(req);
      if (!state.prepared) throw new Error('an upload was created without being prepared');
      await openUpload(state.ctx, upload.id, state.prepared);
      state.openedId = upload.id;
      return {};
    },
    onUploadFinish: async (req, upload) => finish(stateOf(req), upload.id, req.method),
    onResponseError: (req, error) => {
      // tus's own protocol errors carry their status; ours become {"error":{code,message}}.
      if (!(error instanceof Error) || (!isDomainError(error) && 'status_code' in error)) return undefined;
      if (!isDomainError(error) || STATUS_FOR_KIND[error.kind] >= 500) app.log.error({ err: error, url: req.url }, 'upload request failed');
      const refusal = refusalBody(error);
      return { status_code: refusal.status, body: refusal.body };
    },
  });

  /** Hands the raw request to tus; answers the status tus sent. */
  const handOver = async (request: FastifyRequest, reply: FastifyReply, state: RequestState): Promise<number> => {
    states.set(request.raw, state);
    reply.hijack();
    try {
      await tus.handle(request.raw, reply.raw);
    } catch (error) {
      request.log.error({ err: error }, 'the upload server failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, JSON_TYPE).end(JSON.stringify({ error: INTERNAL }));
      else reply.raw.destroy();
    }
    if (state.finishedId) await store.remove(state.finishedId).catch((error: unknown) => request.log.warn({ err: error }, 'could not remove the staged bytes of a finished upload'));
    return reply.raw.statusCode;
  };

  // tus sends the bytes as application/offset+octet-stream: leave the stream for tus to read.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  app.post(
    '/uploads',
    {
      config: writeScope,
      schema: {
        tags: ['uploads'],
        summary: 'Create a resumable (tus) upload: Upload-Length and Upload-Metadata {packageId, path, sha256}',
        security,
        response: refusals,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const state: RequestState = { ctx, log: request.log, prepared: await prepareUpload(ctx, packages, declarationOf(request)), ...finalSha256Of(request) };
      const status = await handOver(request, reply, state);
      // The row was written just before tus created the staging file; forget it if that failed.
      if (status !== 201 && state.openedId) await abandonUpload(ctx, state.openedId).catch((error: unknown) => request.log.error({ err: error }, 'could not forget a failed upload'));
      return reply;
    },
  );

  app.post(
    '/uploads/preflight',
    {
      config: writeScope,
      schema: {
        tags: ['uploads'],
        summary: 'Would an upload of this content to this path be accepted, and is it already there? (nothing is stored)',
        security,
        body: uploadPreflightRequestSchema,
        response: { 200: uploadPreflightResponseSchema, ...refusals },
      },
    },
    async (request) => preflightUpload(contextOf(deps, request), packages, request.body),
  );

  app.head(
    '/uploads/:uploadId',
    { config: writeScope, schema: { tags: ['uploads'], summary: 'The offset of your upload (tus)', security, params: uploadParams, response: refusals } },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      await findOwnUpload(ctx, request.params.uploadId);
      await handOver(request, reply, { ctx, log: request.log });
      return reply;
    },
  );

  app.patch(
    '/uploads/:uploadId',
    {
      config: writeScope,
      schema: {
        tags: ['uploads'],
        summary: 'Append bytes at Upload-Offset (tus); the request with the last byte records the file version',
        security,
        params: uploadParams,
        response: refusals,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const declared = finalSha256Of(request);
      await findOwnUpload(ctx, request.params.uploadId, 'edit');
      await handOver(request, reply, { ctx, log: request.log, ...declared });
      return reply;
    },
  );

  app.delete(
    '/uploads/:uploadId',
    { config: writeScope, schema: { tags: ['uploads'], summary: 'Cancel your unfinished upload (tus termination)', security, params: uploadParams, response: refusals } },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      if (request.headers['tus-resumable'] === undefined) throw new DomainError('validation.invalid_input', 'A tus request needs the Tus-Resumable header');
      // The upload is cancelled once its row is gone (before the answer is sent); tus then removes the staged bytes.
      await cancelUpload(ctx, request.params.uploadId);
      await handOver(request, reply, { ctx, log: request.log });
      return reply;
    },
  );
}
