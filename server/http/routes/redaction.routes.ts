/**
 * Redaction inside the product over the API (issue 13, docs/redaction.md; shapes in
 * common/contracts/redaction.contract.ts):
 *
 * - `GET  /packages/:id/files/:fileId/redaction-operations`: the operations for the current version, and what the caller may do;
 * - `POST /packages/:id/files/:fileId/redaction-preview`: a dry run, nothing stored;
 * - `POST /packages/:id/files/:fileId/redactions`: apply (the author team, draft or returned);
 * - `POST /packages/:id/files/:fileId/redaction-proposals`: propose (a reviewer, in review);
 * - `GET  /packages/:id/redaction-proposals`, `POST …/:proposalId/acceptance`, `POST …/:proposalId/declination`;
 * - `GET  /packages/:id/redaction-proposals/:proposalId/diff` and `GET /packages/:id/files/:fileId/versions/:versionId/diff`:
 *   a line diff for text-like files where the caller may read the content (the content rule), else the change list;
 * - `GET  /packages/:id/files/:fileId/versions/:versionId/provenance`;
 * - `POST /packages/:id/files/:fileId/manual-redactions`: link the current version, redacted by hand inside, to the version it replaces.
 *
 * Reads accept a personal API token with `packages:read`; changes need a session.
 */
import { idSchema } from '../../../common/contracts/common.contract';
import {
  acceptRedactionProposalRequestSchema,
  applyRedactionRequestSchema,
  linkManualRedactionRequestSchema,
  redactionProvenanceSchema,
  declineRedactionProposalRequestSchema,
  proposeRedactionRequestSchema,
  redactionAppliedSchema,
  redactionDiffSchema,
  redactionOperationListSchema,
  redactionPreviewRequestSchema,
  redactionPreviewSchema,
  redactionProposalAcceptedSchema,
  redactionProposalListSchema,
  redactionProposalSchema,
  versionProvenanceSchema,
} from '../../../common/contracts/redaction.contract';
import { acceptRedactionProposal, declineRedactionProposal } from '../../commands/redaction-proposals.commands';
import { linkManualRedaction } from '../../commands/redaction-manual.commands';
import { applyRedaction, previewRedaction, proposeRedaction } from '../../commands/redaction.commands';
import { getProposalDiff, getVersionDiff, getVersionProvenance, listPackageRedactionProposals, listRedactionOperations } from '../../commands/redaction.queries';
import type { PackageServices } from '../../ports/package-services';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { fileParams, packageParams, refusals } from './package-content.routes';

const READ = { tokenScopes: ['packages:read'] } as const;
const tags = ['redaction'];
const versionParams = fileParams.extend({ versionId: idSchema });
const proposalParams = packageParams.extend({ proposalId: idSchema });

export function redactionRoutes(app: App, deps: AuthDeps, services: PackageServices): void {
  const commandDeps = { blobs: services.blobs, limits: services.limits, redaction: services.redaction };

  app.get(
    '/packages/:packageId/files/:fileId/redaction-operations',
    {
      config: READ,
      schema: {
        tags,
        summary: 'The redaction operations that apply to the file’s current version, with their parameters, and whether the caller may preview, apply or propose now',
        params: fileParams,
        response: { 200: redactionOperationListSchema, ...refusals },
      },
    },
    async (request) => listRedactionOperations(contextOf(deps, request), services.redaction.redactor, request.params.packageId, request.params.fileId),
  );

  app.post(
    '/packages/:packageId/files/:fileId/redaction-preview',
    {
      schema: {
        tags,
        summary: 'Preview a redaction of the current version (a dry run): what would change, never a value; nothing is stored',
        params: fileParams,
        body: redactionPreviewRequestSchema,
        response: { 200: redactionPreviewSchema, ...refusals },
      },
    },
    async (request) => previewRedaction(contextOf(deps, request), commandDeps, request.params.packageId, request.params.fileId, request.body),
  );

  app.post(
    '/packages/:packageId/files/:fileId/redactions',
    {
      schema: {
        tags,
        summary: 'Apply a redaction (the author team, while the package is a draft or returned): the result becomes the file’s new version, checked at once, with its provenance',
        params: fileParams,
        body: applyRedactionRequestSchema,
        response: { 201: redactionAppliedSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await applyRedaction(contextOf(deps, request), commandDeps, request.params.packageId, request.params.fileId, request.body)),
  );

  app.post(
    '/packages/:packageId/files/:fileId/manual-redactions',
    {
      schema: {
        tags,
        summary:
          'Link the file’s current version, redacted by hand inside the environment and added again from inside, to the earlier version it replaces, with the reason (the author team, draft or returned)',
        params: fileParams,
        body: linkManualRedactionRequestSchema,
        response: { 201: redactionProvenanceSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await linkManualRedaction(contextOf(deps, request), request.params.packageId, request.params.fileId, request.body)),
  );

  app.post(
    '/packages/:packageId/files/:fileId/redaction-proposals',
    {
      schema: {
        tags,
        summary: 'Propose a redaction (a reviewer, while the package is in review); the author team accepts or declines it',
        params: fileParams,
        body: proposeRedactionRequestSchema,
        response: { 201: redactionProposalSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await proposeRedaction(contextOf(deps, request), commandDeps, request.params.packageId, request.params.fileId, request.body)),
  );

  app.get(
    '/packages/:packageId/redaction-proposals',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Every proposed redaction of the package, newest first, and whether the caller may accept or decline them now',
        params: packageParams,
        response: { 200: redactionProposalListSchema, ...refusals },
      },
    },
    async (request) => listPackageRedactionProposals(contextOf(deps, request), request.params.packageId),
  );

  app.post(
    '/packages/:packageId/redaction-proposals/:proposalId/acceptance',
    {
      schema: {
        tags,
        summary: 'Accept a proposed redaction (the author team): the redacted version becomes current; a package in review goes back through the checks as a new turn, its sign-offs voided',
        params: proposalParams,
        body: acceptRedactionProposalRequestSchema,
        response: { 200: redactionProposalAcceptedSchema, ...refusals },
      },
    },
    async (request) => acceptRedactionProposal(contextOf(deps, request), { ...commandDeps, startChecks: services.startChecks }, request.params.packageId, request.params.proposalId, request.body),
  );

  app.post(
    '/packages/:packageId/redaction-proposals/:proposalId/declination',
    {
      schema: {
        tags,
        summary: 'Decline a proposed redaction, with the reason (the author team)',
        params: proposalParams,
        body: declineRedactionProposalRequestSchema,
        response: { 200: redactionProposalSchema, ...refusals },
      },
    },
    async (request) => declineRedactionProposal(contextOf(deps, request), request.params.packageId, request.params.proposalId, request.body),
  );

  app.get(
    '/packages/:packageId/redaction-proposals/:proposalId/diff',
    {
      config: READ,
      schema: {
        tags,
        summary: 'What a proposed redaction changes: a line diff for text-like files where the caller may read the content, else the change list',
        params: proposalParams,
        response: { 200: redactionDiffSchema, ...refusals },
      },
    },
    async (request) => getProposalDiff(contextOf(deps, request), services.blobs, request.params.packageId, request.params.proposalId),
  );

  app.get(
    '/packages/:packageId/files/:fileId/versions/:versionId/provenance',
    {
      config: READ,
      schema: {
        tags,
        summary: 'How a version of the file was made: the redaction’s provenance, or null for a version that was added',
        params: versionParams,
        response: { 200: versionProvenanceSchema, ...refusals },
      },
    },
    async (request) => getVersionProvenance(contextOf(deps, request), request.params.packageId, request.params.fileId, request.params.versionId),
  );

  app.get(
    '/packages/:packageId/files/:fileId/versions/:versionId/diff',
    {
      config: READ,
      schema: {
        tags,
        summary: 'What a redaction changed between this version and the one it was made from: a line diff for text-like files where the caller may read the content, else the change list',
        params: versionParams,
        response: { 200: redactionDiffSchema, ...refusals },
      },
    },
    async (request) => getVersionDiff(contextOf(deps, request), services.blobs, request.params.packageId, request.params.fileId, request.params.versionId),
  );
}
