/**
 * The decisions of a data provider handover over the API (docs/design.md §6; issue 10 §6):
 * - `GET  /packages/:id/storage-decision`: the current decision, who agreed, who must still agree, earlier ones;
 * - `PUT  /packages/:id/storage-decision` `{location, custodian, protection, retention, reviewDate, version}`;
 * - `POST /packages/:id/storage-decision/agreement` `{decisionId}`;
 * - `GET  /packages/:id/redaction-decisions`: every flagged output and its decision;
 * - `PUT  /packages/:id/files/:fileId/redaction-decision` `{fileVersionId, decision, reason}`.
 * Reads accept an API token with packages:read; decisions need a signed-in session.
 */
import {
  flaggedOutputSchema,
  redactionDecisionListSchema,
  redactionDecisionRequestSchema,
  storageAgreementRequestSchema,
  storageDecisionRequestSchema,
  storageDecisionViewSchema,
} from '../../../common/contracts/handover-decisions.contract';
import { agreeToStorageDecision, recordRedactionDecision, recordStorageDecision } from '../../commands/handover-decisions.commands';
import { getStorageDecision, listRedactionDecisions } from '../../commands/handover-decisions.queries';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { fileParams, packageParams, refusals } from './package-content.routes';

const READ = { tokenScopes: ['packages:read'] } as const;
const tags = ['handover decisions'];

export function handoverDecisionRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/packages/:packageId/storage-decision',
    {
      config: READ,
      schema: {
        tags,
        summary: 'The storage decision of a data provider handover: who has agreed, who must still agree, and the earlier decisions',
        params: packageParams,
        response: { 200: storageDecisionViewSchema, ...refusals },
      },
    },
    async (request) => getStorageDecision(contextOf(deps, request), request.params.packageId),
  );

  app.put(
    '/packages/:packageId/storage-decision',
    {
      schema: {
        tags,
        summary:
          'Record a storage decision (where, custodian, protection, retention, a future review date); supersedes the current one, which needs everyone’s agreement again (an investigator or a DPR of the work package)',
        params: packageParams,
        body: storageDecisionRequestSchema,
        response: { 200: storageDecisionViewSchema, ...refusals },
      },
    },
    async (request) => recordStorageDecision(contextOf(deps, request), request.params.packageId, request.body),
  );

  app.post(
    '/packages/:packageId/storage-decision/agreement',
    {
      schema: {
        tags,
        summary: 'Agree to the current storage decision (each investigator and every DPR of the work package’s datasets)',
        params: packageParams,
        body: storageAgreementRequestSchema,
        response: { 200: storageDecisionViewSchema, ...refusals },
      },
    },
    async (request) => agreeToStorageDecision(contextOf(deps, request), request.params.packageId, request.body),
  );

  app.get(
    '/packages/:packageId/redaction-decisions',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Every flagged output (current, not removed, verdict review or block) with its redaction decision',
        params: packageParams,
        response: { 200: redactionDecisionListSchema, ...refusals },
      },
    },
    async (request) => listRedactionDecisions(contextOf(deps, request), request.params.packageId),
  );

  app.put(
    '/packages/:packageId/files/:fileId/redaction-decision',
    {
      schema: {
        tags,
        summary: 'Decide on a flagged output: release as is, redacted (this version is the redaction) or keep inside, with a reason; supersedes the previous decision',
        params: fileParams,
        body: redactionDecisionRequestSchema,
        response: { 200: flaggedOutputSchema, ...refusals },
      },
    },
    async (request) => recordRedactionDecision(contextOf(deps, request), request.params.packageId, request.params.fileId, request.body),
  );
}
