/**
 * Session authentication and CSRF protection for the API, and personal API tokens.
 *
 * The session cookie is httpOnly, SameSite=Lax and Secure on HTTPS. State-changing requests
 * (anything but GET/HEAD/OPTIONS) must carry the session's CSRF token in `x-csrf-token`;
 * the token is returned by sign-in and by `GET /api/v1/session`, never stored in a cookie.
 *
 * A request with `Authorization: Bearer egr_…` is authenticated by that API token alone (any
 * cookie is ignored, so no CSRF token is needed: a browser never adds the header by itself).
 * It may reach only routes that declare `config: { tokenScopes: [...] }`, and only with every
 * scope listed there; anything else is refused with `token.scope`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { TokenScope } from '../../common/vocab/token-scopes';
import { type ResolvedApiToken, resolveApiToken } from '../commands/api-tokens.commands';
import type { CommandContext, RequestOrigin } from '../commands/context';
import { type EnvironmentNetworks, NO_NETWORKS, normaliseAddress } from '../config/networks';
import { type ResolvedSession, type SessionLimits, type SessionStage, resolveSession } from '../commands/sessions.commands';
import { DomainError } from '../domain/errors';
import type { Clock } from '../ports/clock';

export const SESSION_COOKIE = 'egress_session';

export interface AuthDeps {
  /** The database the commands run on (the http layer only hands it over). */
  db: CommandContext['db'];
  clock: Clock;
  limits: SessionLimits;
  cookieSecure: 'auto' | 'true' | 'false';
  /**
   * The secure environment's own networks (ENVIRONMENT_NETWORKS): requests from there are
   * inside (docs/design.md §5.2). Without it nobody is inside.
   */
  environment?: EnvironmentNetworks;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | null;
    /** Set when the request was authenticated by a personal API token (Authorization: Bearer). */
    apiToken: ResolvedApiToken | null;
  }
  interface FastifyContextConfig {
    /** The scopes an API token needs to reach this route (`[]`: any token); without it, tokens are refused. */
    tokenScopes?: readonly TokenScope[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const tokenRefused = () => new DomainError('token.scope', 'API tokens cannot be used for this request; sign in to the web UI instead');

/** The secret of `Authorization: Bearer <secret>`, or null when the request carries none. */
export function bearerTokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Resolves the session and enforces CSRF; throws a DomainError the error handler maps. Only a
 * full session passes unless `stages` names the pending sign-in stages a route serves (the
 * second sign-in step).
 */
export async function requireSession(deps: AuthDeps, request: FastifyRequest, stages: readonly SessionStage[] = ['full']): Promise<ResolvedSession> {
  if (bearerTokenOf(request) !== null) throw tokenRefused();
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new DomainError('auth.unauthenticated', 'Please sign in');
  const session = await resolveSession(deps.db, deps.clock, token, deps.limits, stages);
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !sameToken(header, session.csrfToken)) {
      throw new DomainError('auth.csrf_invalid', 'The request is missing its CSRF token; reload the page and try again');
    }
  }
  request.session = session;
  return session;
}

/**
 * Authenticates by API token when the request carries one (throws `token.invalid` for an
 * unknown, revoked or expired token, `token.scope` when the route does not accept the token),
 * otherwise by session with CSRF protection.
 */
export async function authenticate(deps: AuthDeps, request: FastifyRequest): Promise<void> {
  const secret = bearerTokenOf(request);
  if (secret === null) {
    await requireSession(deps, request);
    return;
  }
  request.apiToken = await resolveApiToken(deps.db, deps.clock, secret);
  requireTokenScopes(request);
}

/** Refuses a token-authenticated request unless the route declares every scope it needs and the token holds them. */
export function requireTokenScopes(request: FastifyRequest): void {
  const held = request.apiToken?.actor.token?.scopes;
  if (!held) return;
  const needed = request.routeOptions.config.tokenScopes;
  if (!needed) throw tokenRefused();
  const missing = needed.filter((scope) => !held.includes(scope));
  if (missing.length > 0) {
    throw new DomainError('token.scope', `This API token does not have the scope ${missing.join(', ')}; create one that has it`, { missing });
  }
}

/** Makes every route of `scope` require a session, or an API token holding the route's declared scopes. */
export function protectRoutes(scope: FastifyInstance, deps: AuthDeps): void {
  scope.addHook('preValidation', async (request) => {
    await authenticate(deps, request);
  });
}

/**
 * Where the request came from: `request.ip` is the socket's address, or the address a proxy
 * listed in TRUST_PROXY forwarded (Fastify's trustProxy); inside when it is in the environment's networks.
 */
export function originOf(deps: Pick<AuthDeps, 'environment'>, request: FastifyRequest): RequestOrigin {
  const address = normaliseAddress(request.ip ?? '');
  return { address, inside: (deps.environment ?? NO_NETWORKS).contains(address) };
}

/** The command context for an authenticated request: the person, limited to the token if one was used, and where the request came from. */
export function contextOf(deps: AuthDeps, request: FastifyRequest): CommandContext {
  const actor = request.apiToken?.actor ?? request.session?.actor;
  if (!actor) throw new DomainError('auth.unauthenticated', 'Please sign in');
  return { db: deps.db, clock: deps.clock, actor, origin: originOf(deps, request) };
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
