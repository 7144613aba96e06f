/** Question sets, the tier policy and audit trails. */
import { z } from 'zod';
import { auditListQuerySchema, auditListResponseSchema } from '../../../common/contracts/audit.contract';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { questionSetSchema } from '../../../common/contracts/question-sets.contract';
import { tierPolicySchema } from '../../../common/contracts/tier-policy.contract';
import { listProjectAudit } from '../../commands/audit.commands';
import { getQuestionSet, importQuestionSet, listAllQuestionSets } from '../../commands/question-sets.commands';
import { getCurrentTierPolicy, publishTierPolicy } from '../../commands/tier-policy.commands';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };

export function referenceRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/question-sets',
    { schema: { tags: ['classification'], summary: 'All question sets and versions', response: { 200: z.object({ questionSets: z.array(questionSetSchema) }), ...refusals } } },
    async (request) => ({
      questionSets: await listAllQuestionSets(contextOf(deps, request)),
    }),
  );
  app.get(
    '/question-sets/:idOrName',
    {
      schema: {
        tags: ['classification'],
        summary: 'A question set by id, or the newest version by name',
        params: z.object({ idOrName: z.string().min(1).max(64) }),
        response: { 200: questionSetSchema, ...refusals },
      },
    },
    async (request) => getQuestionSet(contextOf(deps, request), request.params.idOrName),
  );
  app.post(
    '/question-sets',
    { schema: { tags: ['classification'], summary: 'Import a question set (system managers)', body: z.unknown(), response: { 201: questionSetSchema, ...refusals } } },
    async (request, reply) => reply.status(201).send(await importQuestionSet(contextOf(deps, request), request.body)),
  );
  app.get('/tier-policy', { schema: { tags: ['classification'], summary: 'The tier policy in force', response: { 200: tierPolicySchema, ...refusals } } }, async (request) =>
    getCurrentTierPolicy(contextOf(deps, request)),
  );
  app.post(
    '/tier-policy',
    { schema: { tags: ['classification'], summary: 'Publish a new version of the tier policy (system managers)', body: z.unknown(), response: { 201: tierPolicySchema, ...refusals } } },
    async (request, reply) => reply.status(201).send(await publishTierPolicy(contextOf(deps, request), request.body)),
  );
  app.get(
    '/projects/:projectId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "A project's audit trail, newest first",
        params: z.object({ projectId: idSchema }),
        querystring: auditListQuerySchema,
        response: { 200: auditListResponseSchema, ...refusals },
      },
    },
    async (request) => listProjectAudit(contextOf(deps, request), request.params.projectId, request.query),
  );
}
