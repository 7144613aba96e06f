/**
 * Personal API tokens: create (the secret is in this one response only), list one's own,
 * revoke, and `GET /tokens/current` for a client to check the token it holds (egress login).
 * Only the last one can be reached with a token; managing tokens needs a signed-in session.
 */
import { z } from 'zod';
import { apiTokenListResponseSchema, apiTokenSchema, createApiTokenRequestSchema, createdApiTokenResponseSchema, currentApiTokenResponseSchema } from '../../../common/contracts/api-tokens.contract';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { createApiToken, listOwnApiTokens, revokeApiToken } from '../../commands/api-tokens.commands';
import { DomainError } from '../../domain/errors';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 422: errorResponseSchema };
const tokenParams = z.object({ tokenId: idSchema });

export function apiTokenRoutes(app: App, deps: AuthDeps): void {
  app.get('/tokens', { schema: { tags: ['tokens'], summary: 'Your personal API tokens (never their secrets)', response: { 200: apiTokenListResponseSchema, ...refusals } } }, async (request) => ({
    tokens: await listOwnApiTokens(contextOf(deps, request)),
  }));

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a personal API token for one project; the secret is returned once',
        body: createApiTokenRequestSchema,
        response: { 201: createdApiTokenResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      // Never cached anywhere on the way: this body holds the secret.
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(await createApiToken(contextOf(deps, request), request.body));
    },
  );

  app.post(
    '/tokens/:tokenId/revoke',
    { schema: { tags: ['tokens'], summary: 'Revoke a token at once (your own; a system manager may revoke anyone’s)', params: tokenParams, response: { 200: apiTokenSchema, ...refusals } } },
    async (request) => revokeApiToken(contextOf(deps, request), request.params.tokenId),
  );

  app.get(
    '/tokens/current',
    {
      config: { tokenScopes: [] },
      schema: {
        tags: ['tokens'],
        summary: 'The person and token a bearer token acts for (any token may ask)',
        security: [{ bearer: [] }],
        response: { 200: currentApiTokenResponseSchema, ...refusals },
      },
    },
    async (request) => {
      if (!request.apiToken) throw new DomainError('token.not_found', 'This request was not made with an API token');
      return { user: request.apiToken.user, token: request.apiToken.token };
    },
  );
}
