/**
 * User accounts (system managers create them; programme managers may list them) and a system
 * manager's lifecycle actions on one account: disable, enable, reset its password or second
 * factor, list and end its sessions (docs/identity.md). API tokens cannot reach these routes.
 */
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import { endedSessionsSchema, passwordResetResponseSchema, userSessionListSchema } from '../../../common/contracts/identity.contract';
import { createUserRequestSchema, userListResponseSchema, userSchema } from '../../../common/contracts/users.contract';
import { endAccountSessions, listAccountSessions, resetPassword, setAccountDisabled } from '../../commands/account-lifecycle.commands';
import { resetSecondFactor } from '../../commands/second-factor.commands';
import { createUser, listAllUsers } from '../../commands/users.commands';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };
const userParams = z.object({ userId: idSchema });
const sessionParams = z.object({ userId: idSchema, sessionId: z.string().regex(/^[0-9a-f]{64}$/) });

export function userRoutes(app: App, deps: AuthDeps): void {
  app.get('/users', { schema: { tags: ['users'], summary: 'List user accounts', response: { 200: userListResponseSchema, ...refusals } } }, async (request) => ({
    users: await listAllUsers(contextOf(deps, request)),
  }));
  app.post('/users', { schema: { tags: ['users'], summary: 'Create a local account', body: createUserRequestSchema, response: { 201: userSchema, ...refusals } } }, async (request, reply) =>
    reply.status(201).send(await createUser(contextOf(deps, request), request.body)),
  );

  app.post(
    '/users/:userId/disable',
    { schema: { tags: ['users'], summary: 'Disable an account: its sessions end and its API tokens are refused at once', params: userParams, response: { 200: userSchema, ...refusals } } },
    async (request) => setAccountDisabled(contextOf(deps, request), request.params.userId, true),
  );
  app.post('/users/:userId/enable', { schema: { tags: ['users'], summary: 'Enable a disabled account again', params: userParams, response: { 200: userSchema, ...refusals } } }, async (request) =>
    setAccountDisabled(contextOf(deps, request), request.params.userId, false),
  );
  app.post(
    '/users/:userId/password-reset',
    {
      schema: {
        tags: ['users'],
        summary: 'Replace the password by a generated one, returned once; ends the account’s sessions',
        params: userParams,
        response: { 200: passwordResetResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return resetPassword(contextOf(deps, request), request.params.userId);
    },
  );
  app.post(
    '/users/:userId/second-factor/reset',
    {
      schema: {
        tags: ['users'],
        summary: 'Remove the account’s second factor and recovery codes and end its sessions; it enrols again at its next sign-in',
        params: userParams,
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      await resetSecondFactor(contextOf(deps, request), request.params.userId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/users/:userId/sessions',
    { schema: { tags: ['users'], summary: 'The account’s open sessions', params: userParams, response: { 200: userSessionListSchema, ...refusals } } },
    async (request) => ({ sessions: await listAccountSessions(contextOf(deps, request), request.params.userId) }),
  );
  app.delete(
    '/users/:userId/sessions',
    { schema: { tags: ['users'], summary: 'End every session of the account', params: userParams, response: { 200: endedSessionsSchema, ...refusals } } },
    async (request) => ({ ended: await endAccountSessions(contextOf(deps, request), request.params.userId) }),
  );
  app.delete(
    '/users/:userId/sessions/:sessionId',
    { schema: { tags: ['users'], summary: 'End one session of the account', params: sessionParams, response: { 200: endedSessionsSchema, ...refusals } } },
    async (request) => ({ ended: await endAccountSessions(contextOf(deps, request), request.params.userId, request.params.sessionId) }),
  );
}
