/**
 * Answers to a package's findings over the API (issue 10 §4):
 * - `GET  /packages/:id/findings/responses[?fileId=]`: every blocking and review-level finding of
 *   the current, not removed files with its standing and answers, the counts, and what approval
 *   still waits for (token: packages:read);
 * - `GET  /packages/:id/findings/overrides-and-acknowledgements`: the package page's list;
 * - `POST /packages/:id/files/:fileId/findings/:findingKey/exception-request` `{fileVersionId, text}` (author team);
 * - `POST …/override` `{fileVersionId, justification}`, `…/refusal` `{fileVersionId, text}`,
 *   `…/acknowledgement` `{fileVersionId, note?}` (reviewers outside the author team).
 * Answers are decisions made in the web UI: a signed-in session, no API token.
 */
import { z } from 'zod';
import { idSchema } from '../../../common/contracts/common.contract';
import {
  acknowledgementRequestSchema,
  exceptionRequestSchema,
  findingListQuerySchema,
  findingResolutionListSchema,
  findingStandingListSchema,
  findingWithStandingSchema,
  overrideRequestSchema,
  refusalRequestSchema,
} from '../../../common/contracts/finding-responses.contract';
import { acknowledgeFinding, overrideFinding, refuseException, requestException } from '../../commands/finding-responses.commands';
import { listFindingStanding, listOverridesAndAcknowledgements } from '../../commands/finding-responses.queries';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { packageParams, refusals } from './package-content.routes';

const READ = { tokenScopes: ['packages:read'] } as const;
const tags = ['findings'];
const findingParams = z.object({ packageId: idSchema, fileId: idSchema, findingKey: z.string().regex(/^[0-9a-f]{16}$/) });

const ANSWERS = [
  {
    path: 'exception-request',
    body: exceptionRequestSchema,
    run: requestException,
    summary: 'Ask for an exception on a blocking finding: why this output is safe to release as it is (the author team; draft, returned or in review)',
  },
  { path: 'override', body: overrideRequestSchema, run: overrideFinding, summary: 'Override a blocking finding with a written justification (a reviewer outside the author team; in review)' },
  { path: 'refusal', body: refusalRequestSchema, run: refuseException, summary: 'Refuse the pending exception request on a blocking finding; the finding stays unresolved (a reviewer; in review)' },
  { path: 'acknowledgement', body: acknowledgementRequestSchema, run: acknowledgeFinding, summary: 'Acknowledge a review-level finding, with an optional note (a reviewer; in review)' },
] as const;

export function findingResponseRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/packages/:packageId/findings/responses',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Every blocking and review-level finding of the current, not removed files (of one file with fileId), with its standing and answers',
        params: packageParams,
        querystring: findingListQuerySchema,
        response: { 200: findingStandingListSchema, ...refusals },
      },
    },
    async (request) => listFindingStanding(contextOf(deps, request), request.params.packageId, request.query.fileId !== undefined ? { fileId: request.query.fileId } : {}),
  );

  app.get(
    '/packages/:packageId/findings/overrides-and-acknowledgements',
    {
      config: READ,
      schema: { tags, summary: 'The live overrides and acknowledgements of the package, newest first', params: packageParams, response: { 200: findingResolutionListSchema, ...refusals } },
    },
    async (request) => listOverridesAndAcknowledgements(contextOf(deps, request), request.params.packageId),
  );

  for (const answer of ANSWERS) {
    app.post(
      `/packages/:packageId/files/:fileId/findings/:findingKey/${answer.path}`,
      { schema: { tags, summary: answer.summary, params: findingParams, body: answer.body, response: { 201: findingWithStandingSchema, ...refusals } } },
      async (request, reply) => {
        const { packageId, fileId, findingKey } = request.params;
        const finding = await answer.run(contextOf(deps, request), { packageId, fileId, findingKey }, request.body);
        return reply.code(201).send(finding);
      },
    );
  }
}
