/** Users and their server-side sessions. */
import type { User } from '../../common/contracts/users.contract';
import type { SystemRole } from '../../common/vocab/roles';
import { DomainError } from '../domain/errors';
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { Db, SessionsTable, Tx, UsersTable } from './schema';

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    systemRole: row.system_role,
    disabled: row.disabled === 1,
    secondFactor: row.totp_secret !== null,
    createdAt: row.created_at,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<UsersTable[]> {
  return db.selectFrom('users').selectAll().orderBy('name').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(trx: Tx, user: { email: string; name: string; passwordHash: string; systemRole: SystemRole; at: string }, audit: AuditInput): Promise<UsersTable> {
  if (await findUserByEmail(trx, user.email)) {
    throw new DomainError('user.email_taken', `A user with the email ${user.email} already exists`);
  }
  const row: UsersTable = {
    id: newId(),
    email: user.email,
    name: user.name,
    password_hash: user.passwordHash,
    system_role: user.systemRole,
    disabled: 0,
    created_at: user.at,
    version: 1,
    totp_secret: null,
    totp_pending_secret: null,
    totp_enrolled_at: null,
    totp_last_step: null,
  };
  await trx.insertInto('users').values(row).execute();
  await appendAudit(trx, { ...audit, objectId: row.id });
  return row;
}

export async function insertSession(trx: Tx, session: SessionsTable, audit: AuditInput): Promise<void> {
  await trx.insertInto('sessions').values(session).execute();
  await appendAudit(trx, audit);
}

export async function findSession(db: Db, id: string): Promise<SessionsTable | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records activity on a session (sliding idle expiry). Not audited: it is not a decision. */
export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function revokeSession(trx: Tx, id: string, at: string, audit: AuditInput): Promise<void> {
  await trx.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  await appendAudit(trx, audit);
}
