/** Sign in, who am I, sign out. */
import { z } from 'zod';
import { errorResponseSchema } from '../../../common/contracts/common.contract';
import { loginRequestSchema, sessionResponseSchema } from '../../../common/contracts/users.contract';
import { signIn, signOut } from '../../commands/sessions.commands';
import { systemActor } from '../../commands/context';
import { sessionAbilities } from '../../policies/session.policy';
import { type AuthDeps, clearSessionCookie, contextOf, requireSession, setSessionCookie } from '../auth';
import type { App } from '../types';

export interface LoginLimit {
  max: number;
  timeWindowMs: number;
}

export function sessionRoutes(app: App, deps: AuthDeps, loginLimit: LoginLimit): void {
  app.post(
    '/session',
    {
      config: { rateLimit: { max: loginLimit.max, timeWindow: loginLimit.timeWindowMs } },
      schema: {
        tags: ['session'],
        summary: 'Sign in with email and password',
        body: loginRequestSchema,
        response: { 200: sessionResponseSchema, 401: errorResponseSchema, 422: errorResponseSchema, 429: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = { db: deps.db, clock: deps.clock, actor: systemActor(`sign-in from ${request.ip}`) };
      const signed = await signIn(ctx, request.body, deps.limits);
      setSessionCookie(deps, request, reply, signed.token, signed.expiresAt);
      const actor = { userId: signed.user.id, systemRole: signed.user.systemRole };
      return { user: signed.user, csrfToken: signed.csrfToken, expiresAt: signed.expiresAt, abilities: sessionAbilities(actor) };
    },
  );

  app.get(
    '/session',
    { schema: { tags: ['session'], summary: 'The signed-in user, CSRF token and abilities', response: { 200: sessionResponseSchema, 401: errorResponseSchema } } },
    async (request) => {
      const session = await requireSession(deps, request);
      return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt, abilities: sessionAbilities(session.actor) };
    },
  );

  app.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign out (revokes the session)', response: { 204: z.null(), 401: errorResponseSchema, 403: errorResponseSchema } } },
    async (request, reply) => {
      const session = await requireSession(deps, request);
      await signOut(contextOf(deps, request), session.sessionId);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );
}
