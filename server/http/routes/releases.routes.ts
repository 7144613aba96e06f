/**
 * A package's release over the API (issue 12): starting it (system managers, confirming with the
 * project's name), its links (never their tokens), a new
 * link (system managers; the token is in the answer once), the revocation (system managers and
 * the work package's DPR; a reason is required) and the released files. Sessions only: API
 * tokens are refused, as they are on every route that does not declare a token scope.
 */
import {
  issueLinkRequestSchema,
  issuedLinkSchema,
  releaseSchema,
  releasedFilesSchema,
  revokeReleaseRequestSchema,
  startReleaseRequestSchema,
  startedReleaseSchema,
} from '../../../common/contracts/releases.contract';
import { errorResponseSchema } from '../../../common/contracts/common.contract';
import { startRelease } from '../../commands/release-start.commands';
import { getPackageRelease, issueReleaseLink, listReleasedFiles, revokeRelease } from '../../commands/releases.commands';
import type { PackageServices } from '../../ports/package-services';
import type { ReleaseRevokeSteps } from '../../ports/release-revoke';
import { ADDRESS_LISTS } from '../address-lists';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { packageParams, refusals } from './package-content.routes';

const tags = ['releases'];

export function releaseRoutes(app: App, deps: AuthDeps, services: Pick<PackageServices, 'startRelease'>, revokeSteps: ReleaseRevokeSteps = {}): void {
  app.post(
    '/packages/:packageId/release',
    {
      schema: {
        tags,
        summary:
          'Release an approved package, or release again one whose release failed (system managers, typing the project’s name): seals and delivers in the background; for a download link the first link’s token is in the answer once',
        params: packageParams,
        body: startReleaseRequestSchema,
        response: { 202: startedReleaseSchema, ...refusals },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startRelease(contextOf(deps, request), { addresses: ADDRESS_LISTS, startRelease: (id) => services.startRelease(id) }, request.params.packageId, request.body)),
  );

  app.get(
    '/packages/:packageId/release',
    { schema: { tags, summary: 'The package’s release: bundle, method, revocation and download links (without tokens)', params: packageParams, response: { 200: releaseSchema, ...refusals } } },
    async (request) => getPackageRelease(contextOf(deps, request), request.params.packageId),
  );

  app.post(
    '/packages/:packageId/release/links',
    {
      schema: {
        tags,
        summary: 'Issue a new download link for a released package (system managers; within the tier’s link lifetime from now; the token is shown once)',
        params: packageParams,
        body: issueLinkRequestSchema,
        response: { 201: issuedLinkSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await issueReleaseLink(contextOf(deps, request), { addresses: ADDRESS_LISTS }, request.params.packageId, request.body)),
  );

  app.post(
    '/packages/:packageId/release/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a release (system managers and the work package’s data provider representative; a reason is required): every link stops working at once',
        params: packageParams,
        body: revokeReleaseRequestSchema,
        response: { 200: releaseSchema, ...refusals },
      },
    },
    async (request) => revokeRelease(contextOf(deps, request), { revokeSteps }, request.params.packageId, request.body),
  );

  app.get(
    '/packages/:packageId/released-files',
    {
      schema: {
        tags,
        summary: 'The files the release took out (anyone who can see the package, until it is revoked); read each through the file content route, audited',
        params: packageParams,
        response: { 200: releasedFilesSchema, ...refusals, 410: errorResponseSchema },
      },
    },
    async (request) => listReleasedFiles(contextOf(deps, request), request.params.packageId),
  );
}
