/**
 * Comment threads of a package and the agreed outcome of a temporarily removed item over the
 * API (issue 10 §4, §6). Writing needs a signed-in session; reading accepts a token with
 * `packages:read` and shows what the token's person may see. Bodies are returned as the text
 * written (JSON strings), never rendered.
 */
import { z } from 'zod';
import { idSchema } from '../../../common/contracts/common.contract';
import { commentListQuerySchema, commentListSchema, commentRequestSchema, commentSchema, removalOutcomeRequestSchema, removalOutcomeResponseSchema } from '../../../common/contracts/comments.contract';
import { addComment, listPackageComments, recordRemovalOutcome, retractComment } from '../../commands/comments.commands';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { packageParams, refusals } from './package-content.routes';

const tags = ['comments'];
const commentParams = z.object({ packageId: idSchema, commentId: idSchema });
const removalParams = z.object({ packageId: idSchema, removalId: idSchema });

export function commentRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/packages/:packageId/comments',
    {
      config: { tokenScopes: ['packages:read'] },
      schema: {
        tags,
        summary: 'The comments you may see, oldest first (e.g. ?turn=2&visibility=public: the to-do list of a returned package)',
        params: packageParams,
        querystring: commentListQuerySchema,
        response: { 200: commentListSchema, ...refusals },
      },
    },
    async (request) => listPackageComments(contextOf(deps, request), request.params.packageId, request.query),
  );

  app.post(
    '/packages/:packageId/comments',
    {
      schema: {
        tags,
        summary: 'Comment on the package, one of its files or a removed item (public: the author team sees it; private: reviewers only); Markdown, at most 10,000 characters, kept as text',
        params: packageParams,
        body: commentRequestSchema,
        response: { 201: commentSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await addComment(contextOf(deps, request), request.params.packageId, request.body)),
  );

  app.post(
    '/packages/:packageId/comments/:commentId/retraction',
    {
      schema: {
        tags,
        summary: 'Retract your comment: it stays, shown as retracted without its body',
        params: commentParams,
        body: z.object({}).strict().nullish(),
        response: { 200: commentSchema, ...refusals },
      },
    },
    async (request) => retractComment(contextOf(deps, request), request.params.packageId, request.params.commentId),
  );

  app.post(
    '/packages/:packageId/removals/:removalId/outcome',
    {
      schema: {
        tags,
        summary: 'Record the agreed outcome of a temporarily removed item (reinstate after redaction, or keep inside): an investigator or a DPR of the work package',
        params: removalParams,
        body: removalOutcomeRequestSchema,
        response: { 200: removalOutcomeResponseSchema, ...refusals },
      },
    },
    async (request) => recordRemovalOutcome(contextOf(deps, request), request.params.packageId, request.params.removalId, request.body),
  );
}
