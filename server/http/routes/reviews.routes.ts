/**
 * Reviewing a package over the API (issue 10 §4): the review summary for the workbench, a
 * reviewer's decision on one file, and their submitted review of the turn. Decisions and
 * submissions are made in the web UI, so they need a signed-in session; the summary accepts a
 * token with `packages:read` (it shows what the token's person may see).
 */
import { fileDecisionRequestSchema, fileDecisionResponseSchema, reviewSubmissionRequestSchema, reviewSummarySchema } from '../../../common/contracts/reviews.contract';
import { decideFile, submitReview } from '../../commands/review.commands';
import { getReviewSummary } from '../../commands/review.queries';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { fileParams, packageParams, refusals } from './package-content.routes';

const tags = ['reviews'];

export function reviewRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/packages/:packageId/review',
    {
      config: { tokenScopes: ['packages:read'] },
      schema: {
        tags,
        summary: 'The review of the current turn as you may see it: your decisions and submission, outcomes, who submitted, what you may do',
        params: packageParams,
        response: { 200: reviewSummarySchema, ...refusals },
      },
    },
    async (request) => getReviewSummary(contextOf(deps, request), request.params.packageId),
  );

  app.post(
    '/packages/:packageId/files/:fileId/review',
    {
      schema: {
        tags,
        summary:
          'Decide on the current version of an output file (reviewers, while the package is in review, until they submit their review); a version that is no longer current is refused (409 review.stale_file_version)',
        params: fileParams,
        body: fileDecisionRequestSchema,
        response: { 200: fileDecisionResponseSchema, ...refusals },
      },
    },
    async (request) => decideFile(contextOf(deps, request), request.params.packageId, request.params.fileId, request.body),
  );

  app.post(
    '/packages/:packageId/review-submissions',
    {
      schema: {
        tags,
        summary: 'Submit your review of the current turn, once every output file has your decision (once per turn); ends your independent phase',
        params: packageParams,
        body: reviewSubmissionRequestSchema.nullish(),
        response: { 201: reviewSummarySchema, ...refusals },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      await submitReview(ctx, request.params.packageId, request.body ?? {});
      return reply.status(201).send(await getReviewSummary(ctx, request.params.packageId));
    },
  );
}
