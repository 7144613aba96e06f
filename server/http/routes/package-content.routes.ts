/**
 * The bytes of package files over the API: a simple (non-resumable) streamed upload for
 * scripts and small files, and the download of any version. Both are confined (docs/design.md §5.2):
 * an upload from outside ENVIRONMENT_NETWORKS is refused (`ingest.outside_environment`) before a
 * byte is read, and a download is allowed only as policies/package-content.policy.ts says (the
 * package's reviewers from anywhere, its author team and managers from inside) and is audited
 * as `file.content_read` before the first byte is sent (commands/packages.commands.ts openFileContent).
 *
 * Upload: `PUT /packages/:id/files/content?path=results/t1.csv` with the raw bytes as the body,
 * `Content-Length` required and `X-Content-SHA256` optional. The body is handed through as a
 * stream (never buffered); every refusal that does not need the bytes (who, status, name,
 * declared size, package limits) is made before the first byte is read, and the bytes are
 * hashed and counted on their way into the blob store. 201 when a file or version was added,
 * 200 when the path already held exactly these bytes.
 *
 * Download: always an attachment with the detected type, `nosniff` and a sandboxing CSP, so
 * an uploaded HTML or SVG file is never rendered by the browser in the app's origin. The bytes
 * are re-verified against their hash while streamed; the last chunk is held back until the
 * verification passed, so a corrupted blob ends in an aborted response, never a complete one
 * (or, when it fails before the first chunk, in a `storage.integrity` error response).
 */
import { Readable, Transform, pipeline } from 'node:stream';
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { ingestedFileResponseSchema } from '../../../common/contracts/packages.contract';
import { FILE_CATEGORIES, FILE_ROLES } from '../../../common/vocab/statuses';
import { ingestFile } from '../../commands/package-files.commands';
import { getPackageFile, openFileContent } from '../../commands/packages.commands';
import type { PackageServices } from '../../ports/package-services';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

export const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
export const packageParams = z.object({ packageId: idSchema });
export const fileParams = z.object({ packageId: idSchema, fileId: idSchema });
/** `?version=N` picks an earlier version of a file; without it, the current one. */
export const fileVersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

const uploadQuery = z.object({
  // Not `.min(1)`: an empty or unsafe name is refused by the name rules with `file.name_invalid`.
  path: z.string().max(4096),
  role: z.enum(FILE_ROLES).optional(),
  category: z.enum(FILE_CATEGORIES).optional(),
});
const uploadHeaders = z.object({
  'content-length': z.coerce.number().int().min(0),
  'x-content-sha256': z.string().max(128).optional(),
});

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** `attachment` with a plain-ASCII name and the exact UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/**
 * Waits for the first chunk, so that a source failing before it (a small corrupted blob) is
 * refused with its error code instead of a 200 already on its way; the rest streams after it.
 */
export async function afterFirstChunk(source: Readable): Promise<Readable> {
  const chunks = source[Symbol.asyncIterator]();
  const first = await chunks.next();
  async function* all(): AsyncGenerator<Buffer> {
    try {
      if (first.done) return;
      yield first.value as Buffer;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
    } finally {
      // Stops reading the blob when the client goes away.
      await chunks.return?.();
    }
  }
  return Readable.from(all(), { objectMode: false });
}

/** Passes chunks on one behind, releasing the last only when the source ended cleanly. */
export function holdLastChunk(): Transform {
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done) {
      done(null, held);
    },
  });
}

export function packageContentRoutes(app: App, deps: AuthDeps, services: PackageServices): void {
  app.get(
    '/packages/:packageId/files/:fileId/content',
    {
      config: { tokenScopes: ['packages:read'] },
      schema: {
        tags: ['packages'],
        summary: 'The bytes of a file version, as an attachment, verified against its hash while sent',
        params: fileParams,
        querystring: fileVersionQuery,
        response: { 200: z.unknown().describe('The file’s bytes'), ...refusals },
      },
    },
    async (request, reply) => {
      const { packageId, fileId } = request.params;
      const { stream, version, path } = await openFileContent(contextOf(deps, request), services.blobs, packageId, fileId, request.query.version);
      const body = await afterFirstChunk(pipeline(stream, holdLastChunk(), () => {}));
      reply.headers({
        'content-type': MEDIA_TYPE.test(version.media_type) ? version.media_type : 'application/octet-stream',
        'content-disposition': attachmentDisposition(path),
        'content-length': String(version.bytes),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
        etag: `"sha256-${version.sha256}"`,
      });
      // A later error (storage.integrity) destroys the response: the client sees it cut short.
      return reply.send(body);
    },
  );

  // The upload gets a scope of its own: there, every body is handed to the handler as the raw
  // request stream, whatever its content type (curl -T sends none, --data-binary a form type).
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.addHook('onSend', async (request, reply, payload) => {
      // A refusal made before the body was read: close the connection rather than read the rest.
      if (reply.statusCode >= 400 && !request.raw.complete) reply.header('connection', 'close');
      return payload;
    });

    (scope as App).put(
      '/packages/:packageId/files/content',
      {
        // The body is never buffered; the blob store enforces the file limit as bytes arrive.
        bodyLimit: services.limits.maxFileBytes,
        config: { tokenScopes: ['packages:write'] },
        schema: {
          tags: ['packages'],
          summary: 'Add a file, or a new version of the file at that path, from the raw request body',
          params: packageParams,
          querystring: uploadQuery,
          headers: uploadHeaders,
          response: { 200: ingestedFileResponseSchema, 201: ingestedFileResponseSchema, ...refusals },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(deps, request);
        const { packageId } = request.params;
        const { path, role, category } = request.query;
        const sha256 = request.headers['x-content-sha256'];
        const body = request.body instanceof Readable ? request.body : Readable.from([]);
        // ingestFile makes every refusal that needs no bytes (prepareIngest) before it reads the body.
        const recorded = await ingestFile(
          ctx,
          services,
          packageId,
          {
            path,
            expectedBytes: request.headers['content-length'],
            source: 'upload',
            ...(sha256 !== undefined ? { expectedSha256: sha256.toLowerCase() } : {}),
            ...(role ? { role } : {}),
            ...(category ? { category } : {}),
          },
          body,
        );
        const file = await getPackageFile(ctx, packageId, recorded.file.id);
        return reply.status(recorded.created ? 201 : 200).send({ file, created: recorded.created });
      },
    );
  });
}
