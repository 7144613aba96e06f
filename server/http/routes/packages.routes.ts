/**
 * Egress packages over the API (docs/design.md §5): a package with its context, its files a page
 * at a time, one file with its versions and check result (and the results re-checks set aside),
 * the history, and the requests that change them. The bytes themselves go in and out through
 * package-content.routes.ts.
 *
 * Reads accept an API token with `packages:read`; file changes a script would make (role,
 * category, taking a file out) accept `packages:write`. Context edits, the removal register,
 * status moves and re-checks are decisions made in the web UI, so they need a signed-in session.
 */
import { z } from 'zod';
import { packageRecheckRequestSchema } from '../../../common/contracts/package-recheck.contract';
import { auditListQuerySchema, auditListResponseSchema } from '../../../common/contracts/audit.contract';
import {
  changeFileRequestSchema,
  fileCheckResultSchema,
  filePageSchema,
  packageFileDetailSchema,
  packageSchema,
  packageTransitionRequestSchema,
  reinstateFileRequestSchema,
  removeFileRequestSchema,
  updateContextRequestSchema,
} from '../../../common/contracts/packages.contract';
import { supersededCheckResultsResponseSchema } from '../../../common/contracts/superseded-results.contract';
import { changeFileAttributes, deleteFile, reinstateFile, removeTemporarily } from '../../commands/package-files.commands';
import { listPackageHistory } from '../../commands/package-history.queries';
import { recheckPackage } from '../../commands/package-recheck.commands';
import { listSupersededResults } from '../../commands/package-superseded.queries';
import { changePackageStatus, getFileCheckResult, getPackage, getPackageFile, listPackageFiles, updatePackageContext } from '../../commands/packages.commands';
import { DomainError } from '../../domain/errors';
import type { PackageServices } from '../../ports/package-services';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { fileParams, fileVersionQuery, packageContentRoutes, packageParams, refusals } from './package-content.routes';
import { redactionRoutes } from './redaction.routes';
import { findingResponseRoutes } from './finding-responses.routes';
import { handoverDecisionRoutes } from './handover-decisions.routes';
import { commentRoutes } from './comments.routes';
import { reviewRoutes } from './reviews.routes';
import { signOffRoutes } from './sign-offs.routes';

const READ = { tokenScopes: ['packages:read'] } as const;
const WRITE = { tokenScopes: ['packages:write'] } as const;
const tags = ['packages'];

export function packageRoutes(app: App, deps: AuthDeps, services: PackageServices): void {
  app.get(
    '/packages/:packageId',
    {
      config: READ,
      schema: { tags, summary: 'A package with its context, totals, checks summary, removal register and your abilities', params: packageParams, response: { 200: packageSchema, ...refusals } },
    },
    async (request) => getPackage(contextOf(deps, request), request.params.packageId),
  );

  app.get(
    '/packages/:packageId/files',
    {
      config: READ,
      schema: {
        tags,
        summary: 'The files of a package in path order, a page at a time (pass `next` as `after`)',
        params: packageParams,
        querystring: z.object({ after: z.string().max(4096).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: filePageSchema, ...refusals },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      return listPackageFiles(contextOf(deps, request), request.params.packageId, { limit, ...(after !== undefined ? { after } : {}) });
    },
  );

  app.get(
    '/packages/:packageId/files/:fileId',
    { config: READ, schema: { tags, summary: 'One file with every version and its check summary', params: fileParams, response: { 200: packageFileDetailSchema, ...refusals } } },
    async (request) => getPackageFile(contextOf(deps, request), request.params.packageId, request.params.fileId),
  );

  app.get(
    '/packages/:packageId/files/:fileId/check',
    {
      config: READ,
      schema: {
        tags,
        summary: 'The stored check result of a file version, with every finding',
        params: fileParams,
        querystring: fileVersionQuery,
        response: { 200: fileCheckResultSchema, ...refusals },
      },
    },
    async (request) => {
      const { packageId, fileId } = request.params;
      const check = await getFileCheckResult(contextOf(deps, request), packageId, fileId, request.query.version);
      if (!check) throw new DomainError('check.not_found', 'This version of the file has not been checked yet; checks run when the package is submitted');
      return { ...check, parameters: check.parameters as Record<string, unknown> };
    },
  );

  app.get(
    '/packages/:packageId/files/:fileId/superseded-results',
    {
      config: READ,
      schema: {
        tags,
        summary: 'The check results of a file version set aside by re-checks, most recently superseded first, each with its findings and who re-checked, when and why; empty before any re-check',
        params: fileParams,
        querystring: fileVersionQuery,
        response: { 200: supersededCheckResultsResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { packageId, fileId } = request.params;
      return { results: await listSupersededResults(contextOf(deps, request), packageId, fileId, request.query.version) };
    },
  );

  app.get(
    '/packages/:packageId/history',
    {
      config: READ,
      schema: { tags, summary: "The package's audit events, newest first", params: packageParams, querystring: auditListQuerySchema, response: { 200: auditListResponseSchema, ...refusals } },
    },
    async (request) => listPackageHistory(contextOf(deps, request), request.params.packageId, request.query),
  );

  app.put(
    '/packages/:packageId/context',
    {
      schema: {
        tags,
        summary: 'Replace the context reviewers need (purpose, recipient, disclosure controls, what each output shows)',
        params: packageParams,
        body: updateContextRequestSchema,
        response: { 200: packageSchema, ...refusals },
      },
    },
    async (request) => updatePackageContext(contextOf(deps, request), request.params.packageId, request.body),
  );

  app.post(
    '/packages/:packageId/transitions',
    {
      schema: {
        tags,
        summary: 'Move the package along its lifecycle (submit, resubmit, withdraw, retry, return, retain, reject, release, revoke); a re-check is refused here (422): use POST /packages/:id/recheck',
        params: packageParams,
        body: packageTransitionRequestSchema,
        response: { 200: packageSchema, ...refusals },
      },
    },
    async (request) => changePackageStatus(contextOf(deps, request), { startChecks: services.startChecks }, request.params.packageId, request.body),
  );

  app.post(
    '/packages/:packageId/recheck',
    {
      schema: {
        tags,
        summary:
          'Check a package in review again under the disclosure-check settings in force (reviewers, programme and system managers; never the submitter nor the author team); the reason is at most 2000 characters; the earlier results are kept as superseded',
        params: packageParams,
        body: packageRecheckRequestSchema,
        response: { 200: packageSchema, ...refusals },
      },
    },
    async (request) => {
      return recheckPackage(contextOf(deps, request), { startChecks: services.startChecks }, request.params.packageId, request.body);
    },
  );

  app.patch(
    '/packages/:packageId/files/:fileId',
    {
      config: WRITE,
      schema: { tags, summary: "Change a file's role (output or supporting) or category", params: fileParams, body: changeFileRequestSchema, response: { 200: packageFileDetailSchema, ...refusals } },
    },
    async (request) => {
      const ctx = contextOf(deps, request);
      const { packageId, fileId } = request.params;
      await changeFileAttributes(ctx, packageId, fileId, request.body);
      return getPackageFile(ctx, packageId, fileId);
    },
  );

  app.delete(
    '/packages/:packageId/files/:fileId',
    {
      config: WRITE,
      schema: {
        tags,
        summary: 'Take a file out of the package (its versions stay in the history); the file version goes in `?version=` or the body',
        params: fileParams,
        querystring: fileVersionQuery,
        body: reinstateFileRequestSchema.nullish(),
        response: { 200: packageSchema, ...refusals },
      },
    },
    async (request) => {
      const ctx = contextOf(deps, request);
      const { packageId, fileId } = request.params;
      await deleteFile(ctx, packageId, fileId, { version: request.query.version ?? request.body?.version });
      return getPackage(ctx, packageId);
    },
  );

  app.post(
    '/packages/:packageId/files/:fileId/removal',
    {
      schema: {
        tags,
        summary: 'Put a file on the temporarily-removed register, with a reason',
        params: fileParams,
        body: removeFileRequestSchema,
        response: { 200: packageFileDetailSchema, ...refusals },
      },
    },
    async (request) => {
      const ctx = contextOf(deps, request);
      const { packageId, fileId } = request.params;
      await removeTemporarily(ctx, packageId, fileId, request.body);
      return getPackageFile(ctx, packageId, fileId);
    },
  );

  app.post(
    '/packages/:packageId/files/:fileId/reinstatement',
    {
      schema: {
        tags,
        summary: 'Take a file off the temporarily-removed register; its current version goes back in',
        params: fileParams,
        body: reinstateFileRequestSchema,
        response: { 200: packageFileDetailSchema, ...refusals },
      },
    },
    async (request) => {
      const ctx = contextOf(deps, request);
      const { packageId, fileId } = request.params;
      await reinstateFile(ctx, packageId, fileId, request.body);
      return getPackageFile(ctx, packageId, fileId);
    },
  );

  packageContentRoutes(app, deps, services);
  redactionRoutes(app, deps, services);
  findingResponseRoutes(app, deps);
  handoverDecisionRoutes(app, deps);
  reviewRoutes(app, deps);
  commentRoutes(app, deps);
  signOffRoutes(app, deps);
}
