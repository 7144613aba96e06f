/** Creating user accounts. */
import { hash } from '@node-rs/argon2';
import { type CreateUserRequest, type User, createUserRequestSchema } from '../../common/contracts/users.contract';
import { insertUser, listUsers, toUser } from '../db/users.repository';
import { authorizeSession } from '../policies/session.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { checkPassword } from './password-policy';

/** argon2id with the library's recommended cost (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  // 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
  return hash(password, { algorithm: 2 });
}

/**
 * Creates a local account. Throws `auth.forbidden` unless a system manager (or the CLI) asks,
 * `user.email_taken`, `user.password_weak` for a common password (password-policy.ts), or
 * `validation.invalid_input` for a bad email, name or a short password.
 */
export async function createUser(ctx: CommandContext, input: unknown): Promise<User> {
  authorizeSession('manageUsers', ctx.actor);
  const request: CreateUserRequest = parseInput(createUserRequestSchema, input);
  await checkPassword(request.password, request.email);
  const passwordHash = await hashPassword(request.password);
  const row = await inTransaction(ctx, (trx) =>
    insertUser(
      trx,
      { email: request.email, name: request.name, passwordHash, systemRole: request.systemRole, at: nowIso(ctx) },
      auditBy(ctx, 'user.created', { type: 'user', id: '' }, { email: request.email, systemRole: request.systemRole }),
    ),
  );
  return toUser(row);
}

/** Every account, for system and programme managers. */
export async function listAllUsers(ctx: CommandContext): Promise<User[]> {
  authorizeSession('listUsers', ctx.actor);
  return (await listUsers(ctx.db)).map(toUser);
}
