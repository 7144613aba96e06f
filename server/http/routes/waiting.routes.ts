/** `GET /me/waiting`: what is waiting for the signed-in person (the home page's list). */
import { errorResponseSchema } from '../../../common/contracts/common.contract';
import { waitingResponseSchema } from '../../../common/contracts/waiting.contract';
import { listWaitingForMe } from '../../commands/waiting-for-me.queries';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

export function waitingRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/me/waiting',
    {
      schema: {
        tags: ['session'],
        summary: 'Classifications, reviews, sign-offs and returned packages waiting for you, across your projects',
        response: { 200: waitingResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema },
      },
    },
    async (request) => ({ items: await listWaitingForMe(contextOf(deps, request)) }),
  );
}
