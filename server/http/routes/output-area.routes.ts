/**
 * A project's output area over the API:
 * - `GET  /projects/:projectId/output-area?path=&packageId=&after=&limit=`: one folder, a page of
 *   up to 1000 entries, each file with its status relative to the package (token: packages:read).
 * - `GET|PUT /projects/:projectId/output-area/setting`: the configured folder; only a system
 *   manager may change it, with a signed-in session (no token). Areas are read through the package
 *   services' OutputAreas port (container prefixes s3://, azure:// with the server's storage credentials).
 * - `POST /packages/:packageId/output-area-imports {paths}`: copies files and folders into the
 *   package, at most 10,000 files per request, and reports each path (token: packages:write).
 */
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import {
  browseOutputAreaQuerySchema,
  importFromOutputAreaRequestSchema,
  importReportSchema,
  outputAreaListingSchema,
  outputAreaSettingSchema,
  setOutputAreaRequestSchema,
} from '../../../common/contracts/output-area.contract';
import { browseOutputArea, getOutputAreaSetting, importFromOutputArea, setOutputArea } from '../../commands/output-area.commands';
import type { PackageServices } from '../../ports/package-services';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const projectParams = z.object({ projectId: idSchema });
const packageParams = z.object({ packageId: idSchema });
const tags = ['output area'];
// 10,000 paths of a few hundred characters each.
const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;

/** Browsing, setting and importing from the output area (mounted with the package services). */
export function outputAreaRoutes(app: App, deps: AuthDeps, services: PackageServices): void {
  const areas = { outputAreas: services.outputAreas };
  app.get(
    '/projects/:projectId/output-area',
    {
      config: { tokenScopes: ['packages:read'] },
      schema: {
        tags,
        summary: 'One folder of the project’s output area (folders first, then files), each file with its status relative to a package',
        params: projectParams,
        querystring: browseOutputAreaQuerySchema,
        response: { 200: outputAreaListingSchema, ...refusals },
      },
    },
    async (request) => browseOutputArea(contextOf(deps, request), request.params.projectId, request.query, areas),
  );

  app.get(
    '/projects/:projectId/output-area/setting',
    { schema: { tags, summary: 'The folder configured as the project’s output area (null when none)', params: projectParams, response: { 200: outputAreaSettingSchema, ...refusals } } },
    async (request) => getOutputAreaSetting(contextOf(deps, request), request.params.projectId),
  );

  app.put(
    '/projects/:projectId/output-area/setting',
    {
      schema: {
        tags,
        summary: 'Set (or clear) the project’s output area: an absolute folder path on the server, or an s3:// or azure:// prefix (system managers only)',
        params: projectParams,
        body: setOutputAreaRequestSchema,
        response: { 200: outputAreaSettingSchema, ...refusals },
      },
    },
    async (request) => setOutputArea(contextOf(deps, request), request.params.projectId, request.body, areas),
  );

  app.post(
    '/packages/:packageId/output-area-imports',
    {
      config: { tokenScopes: ['packages:write'] },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Copy files and folders (with everything below them) from the output area into the package, at most 10,000 files at a time',
        params: packageParams,
        body: importFromOutputAreaRequestSchema,
        response: { 200: importReportSchema, ...refusals },
      },
    },
    async (request) => importFromOutputArea(contextOf(deps, request), { blobs: services.blobs, limits: services.limits, ...areas }, request.params.packageId, request.body),
  );
}
