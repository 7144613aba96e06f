/**
 * Sign in (password, then a second factor when one is enrolled or required), who am I, sign
 * out, and enrolling one's own TOTP second factor (docs/identity.md). A correct password alone
 * answers `{pending}` with a pending session cookie that only the second-step routes accept.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorResponseSchema } from '../../../common/contracts/common.contract';
import {
  enrolmentConfirmResponseSchema,
  enrolmentStartResponseSchema,
  secondFactorCodeRequestSchema,
  secondFactorStatusSchema,
  signInResponseSchema,
} from '../../../common/contracts/identity.contract';
import { loginRequestSchema, sessionResponseSchema } from '../../../common/contracts/users.contract';
import { completeSignIn, confirmEnrolment, secondFactorStatus, startEnrolment } from '../../commands/second-factor.commands';
import { type ResolvedSession, type SessionStage, type SignInPolicy, type SignedIn, signIn, signOut } from '../../commands/sessions.commands';
import { systemActor } from '../../commands/context';
import { sessionAbilities } from '../../policies/session.policy';
import { type AuthDeps, clearSessionCookie, contextOf, originOf, requireSession, setSessionCookie } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };

/** The body of a full session. */
const sessionBody = (signed: Pick<SignedIn, 'user' | 'csrfToken' | 'expiresAt'>) => ({
  user: signed.user,
  csrfToken: signed.csrfToken,
  expiresAt: signed.expiresAt,
  abilities: sessionAbilities({ userId: signed.user.id, systemRole: signed.user.systemRole }),
});

export function sessionRoutes(app: App, deps: AuthDeps, policy: SignInPolicy): void {
  // Authenticated before the body is validated, so that a request without a session is refused as such.
  const sessionAt = (stages: readonly SessionStage[]) => async (request: FastifyRequest) => {
    await requireSession(deps, request, stages);
  };
  const current = (request: FastifyRequest) => request.session as ResolvedSession;

  const answer = (request: FastifyRequest, reply: FastifyReply, signed: SignedIn) => {
    reply.header('cache-control', 'no-store');
    setSessionCookie(deps, request, reply, signed.token, signed.expiresAt);
    if (signed.stage === 'full') return sessionBody(signed);
    return { pending: signed.stage, csrfToken: signed.csrfToken, expiresAt: signed.expiresAt };
  };

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with email and password; answers a full session, or a pending one that waits for a code or for enrolment',
        body: loginRequestSchema,
        response: { 200: signInResponseSchema, 401: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const ctx = { db: deps.db, clock: deps.clock, actor: systemActor(`sign-in from ${request.ip}`), origin: originOf(deps, request) };
      return answer(request, reply, await signIn(ctx, request.body, deps.limits, policy));
    },
  );

  app.post(
    '/session/code',
    {
      preValidation: sessionAt(['second_factor']),
      schema: {
        tags: ['session'],
        summary: 'The second sign-in step: a TOTP code or a recovery code; replaces the pending session by a full one',
        body: secondFactorCodeRequestSchema,
        response: { 200: sessionResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const signed = await completeSignIn(contextOf(deps, request), current(request).sessionId, request.body, deps.limits, policy);
      return answer(request, reply, signed) as z.infer<typeof sessionResponseSchema>;
    },
  );

  app.get(
    '/session/second-factor',
    {
      preValidation: sessionAt(['full', 'enrolment']),
      schema: { tags: ['session'], summary: 'Your second factor: enrolled, required, recovery codes left', response: { 200: secondFactorStatusSchema, ...refusals } },
    },
    async (request) => {
      return secondFactorStatus(contextOf(deps, request), policy);
    },
  );

  app.post(
    '/session/second-factor/enrolment',
    {
      preValidation: sessionAt(['full', 'enrolment']),
      schema: {
        tags: ['session'],
        summary: 'Start enrolling a TOTP second factor: a new secret and its QR code (not in force until confirmed)',
        response: { 200: enrolmentStartResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return startEnrolment(contextOf(deps, request));
    },
  );

  app.post(
    '/session/second-factor/enrolment/confirm',
    {
      preValidation: sessionAt(['full', 'enrolment']),
      schema: {
        tags: ['session'],
        summary: 'Confirm enrolment with a code from the new secret; answers ten recovery codes once (and the full session when it completes a sign-in)',
        body: secondFactorCodeRequestSchema,
        response: { 200: enrolmentConfirmResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const session = current(request);
      const completing = session.stage === 'enrolment' ? { pendingSessionId: session.sessionId, limits: deps.limits } : undefined;
      const result = await confirmEnrolment(contextOf(deps, request), request.body, completing);
      reply.header('cache-control', 'no-store');
      if (result.signedIn) setSessionCookie(deps, request, reply, result.signedIn.token, result.signedIn.expiresAt);
      return { recoveryCodes: result.recoveryCodes, session: result.signedIn ? sessionBody(result.signedIn) : null };
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
    { schema: { tags: ['session'], summary: 'Sign out (revokes the session, or a pending sign-in)', response: { 204: z.null(), 401: errorResponseSchema, 403: errorResponseSchema } } },
    async (request, reply) => {
      const session = await requireSession(deps, request, ['full', 'second_factor', 'enrolment']);
      await signOut(contextOf(deps, request), session.sessionId);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );
}
