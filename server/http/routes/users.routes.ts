/** User accounts (system managers create them; programme managers may list them). */
import { errorResponseSchema } from '../../../common/contracts/common.contract';
import { createUserRequestSchema, userListResponseSchema, userSchema } from '../../../common/contracts/users.contract';
import { createUser, listAllUsers } from '../../commands/users.commands';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };

export function userRoutes(app: App, deps: AuthDeps): void {
  app.get('/users', { schema: { tags: ['users'], summary: 'List user accounts', response: { 200: userListResponseSchema, ...refusals } } }, async (request) => ({
    users: await listAllUsers(contextOf(deps, request)),
  }));
  app.post('/users', { schema: { tags: ['users'], summary: 'Create a local account', body: createUserRequestSchema, response: { 201: userSchema, ...refusals } } }, async (request, reply) =>
    reply.status(201).send(await createUser(contextOf(deps, request), request.body)),
  );
}
