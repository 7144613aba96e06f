/** A work package's classification: detail, opinions, referee approval, dispute, reopening, confirmations. */
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import {
  approveRefereeRequestSchema,
  confirmOpinionRequestSchema,
  discussionRequestSchema,
  reopenRequestSchema,
  resolveDisputeRequestSchema,
  setWorkPackageDatasetsRequestSchema,
  submitOpinionRequestSchema,
  workPackageDetailResponseSchema,
} from '../../../common/contracts/work-packages.contract';
import { approveReferee, discussDispute, reopenClassification, resolveDisputeByHighestTier, submitOpinion } from '../../commands/classification.commands';
import type { CommandContext } from '../../commands/context';
import { confirmOpinion } from '../../commands/opinion-confirmations.commands';
import { setWorkPackageDatasets } from '../../commands/projects.commands';
import { getWorkPackageDetail } from '../../commands/work-packages.queries';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const params = z.object({ workPackageId: idSchema });

type Action = (ctx: CommandContext, id: string, body: unknown) => Promise<void>;

/** One action route per decision; each returns the work package as it now stands. */
const ACTIONS: { path: string; summary: string; body: z.ZodType; run: Action; status: 200 | 201 }[] = [
  { path: 'opinions', summary: 'Submit or revise your opinion (the answer path; the server derives the tier)', body: submitOpinionRequestSchema, run: submitOpinion, status: 201 },
  { path: 'referee-approvals', summary: 'Approve a referee (data provider representatives)', body: approveRefereeRequestSchema, run: approveReferee, status: 201 },
  { path: 'discussion', summary: 'Add to the recorded discussion of a dispute', body: discussionRequestSchema, run: discussDispute, status: 201 },
  { path: 'resolve', summary: 'End a dispute: the highest tier proposed applies', body: resolveDisputeRequestSchema, run: resolveDisputeByHighestTier, status: 200 },
  {
    path: 'reopen',
    summary: 'Reopen a classified work package, with a reason (voids its package’s sign-offs; an approved package goes back to review)',
    body: reopenRequestSchema,
    run: reopenClassification,
    status: 200,
  },
  { path: 'opinion-confirmations', summary: 'Confirm that your opinion stands after a newer output file version', body: confirmOpinionRequestSchema, run: confirmOpinion, status: 201 },
];

export function workPackageRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/work-packages/:workPackageId',
    { schema: { tags: ['work packages'], summary: 'A work package with its classification', params, response: { 200: workPackageDetailResponseSchema, ...refusals } } },
    async (request) => getWorkPackageDetail(contextOf(deps, request), request.params.workPackageId),
  );

  app.put(
    '/work-packages/:workPackageId/datasets',
    {
      schema: {
        tags: ['work packages'],
        summary: 'Set the datasets this work package uses',
        params,
        body: setWorkPackageDatasetsRequestSchema,
        response: { 200: workPackageDetailResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const ctx = contextOf(deps, request);
      await setWorkPackageDatasets(ctx, request.params.workPackageId, request.body);
      return getWorkPackageDetail(ctx, request.params.workPackageId);
    },
  );

  for (const action of ACTIONS) {
    app.post(
      `/work-packages/:workPackageId/${action.path}`,
      {
        schema: { tags: ['work packages'], summary: action.summary, params, body: action.body, response: { 200: workPackageDetailResponseSchema, 201: workPackageDetailResponseSchema, ...refusals } },
      },
      async (request, reply) => {
        const ctx = contextOf(deps, request);
        await action.run(ctx, request.params.workPackageId, request.body);
        return reply.status(action.status).send(await getWorkPackageDetail(ctx, request.params.workPackageId));
      },
    );
  }
}
