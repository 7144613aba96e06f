/**
 * Personal API tokens: creating one (the secret is returned once and only its sha256 is
 * stored), listing one's own, revoking, and resolving a bearer secret to the person it acts for.
 *
 * A token acts as its person, so every policy still applies; on top of that it is limited to
 * one project (loadProjectFor refuses any other) and to its scopes (the HTTP layer lets a token
 * reach only routes that declare the scopes they need). Audit events name the person and the
 * token's prefix, e.g. "Ada <ada@example.org> (token abcd1234)".
 */
import { createHash, randomBytes } from 'node:crypto';
import { API_TOKEN_MARK, API_TOKEN_PREFIX_LENGTH, type ApiToken, apiTokenSecretSchema, createApiTokenRequestSchema } from '../../common/contracts/api-tokens.contract';
import type { User } from '../../common/contracts/users.contract';
import { findApiToken, findApiTokenByHash, insertApiToken, listApiTokensOfUser, markApiTokenRevoked, scopesOf, toApiToken, tokenStatusAt, touchApiToken } from '../db/api-tokens.repository';
import { findActiveRole, findProject } from '../db/projects.repository';
import type { Db } from '../db/schema';
import { findUserById, toUser } from '../db/users.repository';
import { DomainError } from '../domain/errors';
import { authorizeApiToken } from '../policies/api-token.policy';
import type { Clock } from '../ports/clock';
import { type Actor, type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { labelOf } from './sessions.commands';

const DAY_MS = 24 * 3600_000;
/** last_used_at is written at most this often per token, so a busy script does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** The sha256 (hex) of a token's secret: what the database stores and looks up. */
export const hashApiTokenSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface CreatedApiToken {
  token: ApiToken;
  /** The secret, `egr_…`: returned here once and never again. */
  secret: string;
}

/**
 * Creates a token for the acting person on a project where they hold an active role.
 * Throws `validation.invalid_input` (name, scopes, expiry outside 1–365 days), `auth.forbidden`
 * (not a participant of that project, or no person acting) or `token.scope` (asked with a token).
 */
export async function createApiToken(ctx: CommandContext, input: unknown): Promise<CreatedApiToken> {
  const viaToken = ctx.actor.token !== undefined;
  const userId = ctx.actor.userId;
  const request = parseInput(createApiTokenRequestSchema, input);
  // An unknown project and one the person is not in are refused alike, revealing nothing.
  const role = userId ? await findActiveRole(ctx.db, request.projectId, userId) : null;
  authorizeApiToken('create', { actor: ctx.actor, viaToken, role });
  const project = await findProject(ctx.db, request.projectId);
  if (!project || !userId) throw new DomainError('project.not_found', 'No such project');

  const secret = `${API_TOKEN_MARK}${randomBytes(32).toString('base64url')}`;
  const prefix = secret.slice(API_TOKEN_MARK.length, API_TOKEN_MARK.length + API_TOKEN_PREFIX_LENGTH);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + request.expiresInDays * DAY_MS).toISOString();
  const row = await inTransaction(ctx, (trx) =>
    insertApiToken(
      trx,
      { tokenHash: hashApiTokenSecret(secret), prefix, userId, projectId: project.id, name: request.name, scopes: request.scopes, at: now.toISOString(), expiresAt },
      auditBy(ctx, 'token.created', { type: 'api_token', id: '', projectId: project.id }, { name: request.name, prefix, scopes: request.scopes, expiresAt }),
    ),
  );
  return { token: toApiToken({ ...row, project_name: project.name }, now), secret };
}

/** The acting person's own tokens, newest first, with their status (active, expired, revoked). */
export async function listOwnApiTokens(ctx: CommandContext): Promise<ApiToken[]> {
  authorizeApiToken('list', { actor: ctx.actor, viaToken: ctx.actor.token !== undefined });
  const rows = await listApiTokensOfUser(ctx.db, ctx.actor.userId as string);
  const now = ctx.clock.now();
  return rows.map((row) => toApiToken(row, now));
}

/**
 * Revokes a token at once. Only its owner may, or a system manager (the event then names the
 * owner). Revoking a revoked token changes nothing and records nothing. Throws `token.not_found`
 * for an unknown token or someone else's, and `token.scope` when asked with a token.
 */
export async function revokeApiToken(ctx: CommandContext, tokenId: string): Promise<ApiToken> {
  const viaToken = ctx.actor.token !== undefined;
  const row = await findApiToken(ctx.db, tokenId);
  if (!row) throw new DomainError('token.not_found', 'No such API token');
  authorizeApiToken('revoke', { actor: ctx.actor, viaToken, ownerId: row.user_id });
  await inTransaction(ctx, (trx) =>
    markApiTokenRevoked(
      trx,
      row.id,
      nowIso(ctx),
      auditBy(
        ctx,
        'token.revoked',
        { type: 'api_token', id: row.id, projectId: row.project_id },
        {
          name: row.name,
          prefix: row.prefix,
          ownerId: row.user_id,
          byOwner: row.user_id === ctx.actor.userId,
        },
      ),
    ),
  );
  const after = await findApiToken(ctx.db, row.id);
  return toApiToken(after ?? row, ctx.clock.now());
}

export interface ResolvedApiToken {
  token: ApiToken;
  user: User;
  /** The person, limited to the token: what commands receive for a request made with it. */
  actor: Actor;
}

const invalid = (message: string) => new DomainError('token.invalid', message);

/**
 * Resolves a bearer secret to the person and token it acts for, and records the use (at most
 * once a minute). Throws `token.invalid` for a malformed, unknown, revoked or expired token, or
 * one whose person's account is disabled.
 */
export async function resolveApiToken(db: Db, clock: Clock, secret: string): Promise<ResolvedApiToken> {
  if (!apiTokenSecretSchema.safeParse(secret).success) throw invalid('This is not a valid API token; create one under “API tokens” in the web UI');
  const row = await findApiTokenByHash(db, hashApiTokenSecret(secret));
  if (!row) throw invalid('This API token is not known; create one under “API tokens” in the web UI');
  const now = clock.now();
  const status = tokenStatusAt(row, now);
  if (status === 'revoked') throw invalid('This API token was revoked; create a new one under “API tokens” in the web UI');
  if (status === 'expired') throw invalid(`This API token expired at ${row.expires_at}; create a new one under “API tokens” in the web UI`);
  const userRow = await findUserById(db, row.user_id);
  if (!userRow || userRow.disabled === 1) throw invalid('The account this API token belongs to is disabled');

  const at = now.toISOString();
  const notBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  // A token used within the last minute is not written again: no write (nor write lock) per request.
  if (row.last_used_at === null || row.last_used_at < notBefore) await touchApiToken(db, row.id, at, notBefore);
  const lastUsedAt = row.last_used_at !== null && row.last_used_at >= notBefore ? row.last_used_at : at;

  const user = toUser(userRow);
  return {
    token: toApiToken({ ...row, last_used_at: lastUsedAt }, now),
    user,
    actor: {
      userId: user.id,
      systemRole: user.systemRole,
      label: `${labelOf(user)} (token ${row.prefix})`,
      token: { id: row.id, projectId: row.project_id, scopes: scopesOf(row) },
    },
  };
}
