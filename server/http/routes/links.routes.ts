/**
 * The public download of a release's bundle through a link: `GET /api/v1/links/:token`, no
 * sign-in (the token is the credential). Single byte ranges (a resumed download), If-Range on
 * the ETag (the bundle's sha256), `Accept-Ranges: bytes`, an attachment with a safe file name.
 * Refusals: `link.not_found` 404 for any unknown token, `link.revoked` / `link.expired` /
 * `link.exhausted` 410, `link.address_not_allowed` 403, a range past the end 416 with
 * `Content-Range: bytes *\/size`; each audited with the address (commands/link-downloads.commands.ts).
 * Requests are rate limited per address (LINK_RATE_LIMIT), so guessing tokens cannot flood the
 * audit log. No HEAD route: a HEAD must not count as a download.
 */
import { Transform, pipeline } from 'node:stream';
import { z } from 'zod';
import { errorResponseSchema } from '../../../common/contracts/common.contract';
import { systemActor } from '../../commands/context';
import { openLinkDownload } from '../../commands/link-downloads.commands';
import type { PackageServices } from '../../ports/package-services';
import { ADDRESS_LISTS } from '../address-lists';
import { type AuthDeps, originOf } from '../auth';
import { chooseRange } from '../byte-range';
import type { App } from '../types';
import { afterFirstChunk, attachmentDisposition, holdLastChunk } from './package-content.routes';

/** Requests per address and window on the link route. */
export interface LinkRateLimit {
  max: number;
  timeWindowMs: number;
}

export const DEFAULT_LINK_RATE_LIMIT: LinkRateLimit = { max: 60, timeWindowMs: 60_000 };

export function linkRoutes(app: App, deps: AuthDeps, services: PackageServices, limit: LinkRateLimit = DEFAULT_LINK_RATE_LIMIT): void {
  app.get(
    '/links/:token',
    {
      exposeHeadRoute: false,
      config: { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } },
      schema: {
        tags: ['releases'],
        summary: 'Download a released bundle through a link (no sign-in; single byte ranges for resuming; every request audited)',
        security: [],
        params: z.object({ token: z.string().max(200) }),
        headers: z.object({ range: z.string().max(200).optional(), 'if-range': z.string().max(200).optional() }),
        response: {
          200: z.unknown().describe('The bundle'),
          206: z.unknown().describe('Part of the bundle'),
          403: errorResponseSchema,
          404: errorResponseSchema,
          410: errorResponseSchema,
          416: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const origin = originOf(deps, request);
      const ctx = { db: deps.db, clock: deps.clock, actor: systemActor(`download link from ${origin.address}`), origin };
      const download = await openLinkDownload(ctx, { blobs: services.blobs, addresses: ADDRESS_LISTS }, request.params.token, (bundle) =>
        chooseRange(request.headers.range, request.headers['if-range'], bundle.bytes, `"${bundle.sha256}"`),
      );
      if (download.kind === 'unsatisfiable') {
        return reply
          .status(416)
          .header('content-range', `bytes */${download.bytes}`)
          .send({ error: { code: 'link.range_not_satisfiable', message: `The bundle has ${download.bytes} bytes; the range asked for starts past its end` } });
      }
      const { bundle, range } = download;
      let sent = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sent += chunk.length;
          done(null, chunk);
        },
      });
      reply.raw.on('close', () => void download.finish(sent));
      reply.headers({
        'content-type': 'application/zip',
        'content-disposition': attachmentDisposition(bundle.name),
        'accept-ranges': 'bytes',
        etag: `"${bundle.sha256}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-length': String(range ? range.end - range.start + 1 : bundle.bytes),
      });
      if (range) {
        reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${bundle.bytes}`);
        return reply.send(pipeline(download.stream, counter, () => {}));
      }
      // The whole bundle is verified as it streams; the last chunk waits for the verdict.
      return reply.send(await afterFirstChunk(pipeline(download.stream, holdLastChunk(), counter, () => {})));
    },
  );
}
