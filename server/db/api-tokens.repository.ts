/**
 * Personal API tokens. A row holds the sha256 of the secret (never the secret itself), a short
 * prefix to recognise it in a list, its owner, project, scopes and expiry.
 */
import type { ApiToken, ApiTokenStatus } from '../../common/contracts/api-tokens.contract';
import type { TokenScope } from '../../common/vocab/token-scopes';
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { ApiTokensTable, Db, Tx } from './schema';

/** A token row with the name of its project, as lists show it. */
export interface ApiTokenRow extends ApiTokensTable {
  project_name: string;
}

export function tokenStatusAt(row: Pick<ApiTokensTable, 'revoked_at' | 'expires_at'>, now: Date): ApiTokenStatus {
  if (row.revoked_at) return 'revoked';
  return now.getTime() >= new Date(row.expires_at).getTime() ? 'expired' : 'active';
}

export function scopesOf(row: Pick<ApiTokensTable, 'scopes'>): TokenScope[] {
  return JSON.parse(row.scopes) as TokenScope[];
}

export function toApiToken(row: ApiTokenRow, now: Date): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.user_id,
    projectId: row.project_id,
    projectName: row.project_name,
    scopes: scopesOf(row),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    status: tokenStatusAt(row, now),
  };
}

const withProjectName = (db: Db) => db.selectFrom('api_tokens').innerJoin('projects', 'projects.id', 'api_tokens.project_id').selectAll('api_tokens').select('projects.name as project_name');

export async function insertApiToken(
  trx: Tx,
  token: { tokenHash: string; prefix: string; userId: string; projectId: string; name: string; scopes: TokenScope[]; at: string; expiresAt: string },
  audit: AuditInput,
): Promise<ApiTokensTable> {
  const row: ApiTokensTable = {
    id: newId(),
    token_hash: token.tokenHash,
    prefix: token.prefix,
    user_id: token.userId,
    project_id: token.projectId,
    name: token.name,
    scopes: JSON.stringify(token.scopes),
    created_at: token.at,
    expires_at: token.expiresAt,
    revoked_at: null,
    last_used_at: null,
  };
  await trx.insertInto('api_tokens').values(row).execute();
  await appendAudit(trx, { ...audit, objectId: row.id });
  return row;
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return withProjectName(db).where('api_tokens.token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return withProjectName(db).where('api_tokens.id', '=', id).executeTakeFirst();
}

/** Every token of one person, newest first. */
export async function listApiTokensOfUser(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return withProjectName(db).where('api_tokens.user_id', '=', userId).orderBy('api_tokens.created_at', 'desc').orderBy('api_tokens.id').execute();
}

/** Revokes a token that is not yet revoked; answers whether this call revoked it. */
export async function markApiTokenRevoked(trx: Tx, id: string, at: string, audit: AuditInput): Promise<boolean> {
  const result = await trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await appendAudit(trx, audit);
  return true;
}

/**
 * Records that a token was used, unless that was already recorded at or after `notBefore`
 * (so a busy script writes at most once a minute). Not audited: the request itself is.
 */
export async function touchApiToken(db: Db, id: string, at: string, notBefore: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
    .execute();
}
