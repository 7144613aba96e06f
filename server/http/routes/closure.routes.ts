/**
 * A project's closure over the API (docs/closure.md), signed-in sessions only (no API token):
 * - `GET  /projects/:projectId/closure`: the checklist (files by fate, gaps, waivers, abilities);
 * - `GET  /projects/:projectId/closure/files?fate=&after=&limit=`: the files and their fates, a page at a time;
 * - `GET  /projects/:projectId/closure/inventory`: the inventory's latest and last complete runs;
 * - `POST /projects/:projectId/closure/inventory-refreshes`: queue a refresh (202; mounted with the package services' queue);
 * - `POST /projects/:projectId/closure/file-marks {folder|pattern|paths, fate, reason}`: mark files retained or discarded;
 * - `POST /projects/:projectId/closure/waivers {code, key, reason}`: a programme manager waives a gap.
 * Closing is `POST /projects/:projectId/close` (projects.routes.ts), refused while gaps remain.
 */
import { z } from 'zod';
import {
  closureChecklistSchema,
  closureFilesPageSchema,
  closureFilesQuerySchema,
  closureWaiverSchema,
  inventoryStatusSchema,
  markClosureFilesReportSchema,
  markClosureFilesRequestSchema,
  waiveClosureItemRequestSchema,
} from '../../../common/contracts/closure.contract';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { requestInventoryRefresh } from '../../commands/closure-inventory.commands';
import { markClosureFiles, waiveClosureItem } from '../../commands/closure.commands';
import { getClosureChecklist, getInventoryStatus, listClosureFiles } from '../../commands/closure.queries';
import type { PackageServices } from '../../ports/package-services';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const params = z.object({ projectId: idSchema });
const tags = ['closure'];
// 10,000 paths of a few hundred characters each.
const MARK_BODY_LIMIT = 4 * 1024 * 1024;

/** The closure routes; the refresh route only with the package services (it queues a job). */
export function closureRoutes(app: App, deps: AuthDeps, services: PackageServices | undefined): void {
  app.get(
    '/projects/:projectId/closure',
    { schema: { tags, summary: 'The closure checklist: every output-area file’s fate, every gap not waived, and the waivers', params, response: { 200: closureChecklistSchema, ...refusals } } },
    async (request) => getClosureChecklist(contextOf(deps, request), request.params.projectId),
  );

  app.get(
    '/projects/:projectId/closure/files',
    {
      schema: {
        tags,
        summary: 'The output-area files with their fates, by path, a page at a time (optionally of one fate)',
        params,
        querystring: closureFilesQuerySchema,
        response: { 200: closureFilesPageSchema, ...refusals },
      },
    },
    async (request) => listClosureFiles(contextOf(deps, request), request.params.projectId, request.query),
  );

  app.get(
    '/projects/:projectId/closure/inventory',
    { schema: { tags, summary: 'The output-area inventory’s latest run and last complete run', params, response: { 200: inventoryStatusSchema, ...refusals } } },
    async (request) => getInventoryStatus(contextOf(deps, request), request.params.projectId),
  );

  if (services) {
    app.post(
      '/projects/:projectId/closure/inventory-refreshes',
      {
        schema: {
          tags,
          summary: 'Queue a refresh of the output-area inventory (only changed files are hashed again); the pending run when one is queued',
          params,
          body: z.object({}).strict().optional(),
          response: { 202: inventoryStatusSchema, ...refusals },
        },
      },
      async (request, reply) => reply.status(202).send(await requestInventoryRefresh(contextOf(deps, request), request.params.projectId, { startInventory: (id) => services.startInventory(id) })),
    );
  }

  app.post(
    '/projects/:projectId/closure/file-marks',
    {
      bodyLimit: MARK_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Mark output-area files retained inside or discarded (or take marks back), by folder, glob pattern or list, with one reason',
        params,
        body: markClosureFilesRequestSchema,
        response: { 200: markClosureFilesReportSchema, ...refusals },
      },
    },
    async (request) => markClosureFiles(contextOf(deps, request), request.params.projectId, request.body),
  );

  app.post(
    '/projects/:projectId/closure/waivers',
    {
      schema: {
        tags,
        summary: 'Waive one gap of the closure checklist with a reason (programme managers; not for files, which are marked)',
        params,
        body: waiveClosureItemRequestSchema,
        response: { 201: closureWaiverSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await waiveClosureItem(contextOf(deps, request), request.params.projectId, request.body)),
  );
}
