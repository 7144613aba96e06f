/**
 * Session authentication and CSRF protection for the API.
 *
 * The session cookie is httpOnly, SameSite=Lax and Secure on HTTPS. State-changing requests
 * (anything but GET/HEAD/OPTIONS) must carry the session's CSRF token in `x-csrf-token`;
 * the token is returned by sign-in and by `GET /api/v1/session`, never stored in a cookie.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { CommandContext } from '../commands/context';
import { type ResolvedSession, type SessionLimits, resolveSession } from '../commands/sessions.commands';
import type { Db } from '../db/schema';
import { DomainError } from '../domain/errors';
import type { Clock } from '../ports/clock';

export const SESSION_COOKIE = 'egress_session';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  limits: SessionLimits;
  cookieSecure: 'auto' | 'true' | 'false';
}

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Resolves the session and enforces CSRF; throws a DomainError the error handler maps. */
export async function requireSession(deps: AuthDeps, request: FastifyRequest): Promise<ResolvedSession> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new DomainError('auth.unauthenticated', 'Please sign in');
  const session = await resolveSession(deps.db, deps.clock, token, deps.limits);
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !sameToken(header, session.csrfToken)) {
      throw new DomainError('auth.csrf_invalid', 'The request is missing its CSRF token; reload the page and try again');
    }
  }
  request.session = session;
  return session;
}

/** The command context for an authenticated request. */
export function contextOf(deps: AuthDeps, request: FastifyRequest): CommandContext {
  if (!request.session) throw new DomainError('auth.unauthenticated', 'Please sign in');
  return { db: deps.db, clock: deps.clock, actor: request.session.actor };
}

export function setSessionCookie(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: deps.cookieSecure === 'auto' ? request.protocol === 'https' : deps.cookieSecure === 'true',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
