/**
 * Signing in and out, and resolving a session token to a user. Sessions are server-side rows
 * keyed by the sha256 of a random token (the token lives only in the browser's cookie); they
 * expire after a period of inactivity and at an absolute limit, and can be revoked.
 *
 * A correct password opens a full session only when the account has no second factor and needs
 * none; otherwise it opens a *pending* session (stage `second_factor` or `enrolment`, ten
 * minutes) that no route but the second step accepts (second-factor.commands.ts). Only failures
 * count towards sign-in limits, and every refusal says the same (docs/identity.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { type LoginRequest, type User, loginRequestSchema } from '../../common/contracts/users.contract';
import { appendAudit } from '../db/audit.repository';
import { insertSignInFailure, recentFailures } from '../db/identity.repository';
import { findSession, findUserByEmail, findUserById, insertSession, revokeSession, toUser, touchSession } from '../db/users.repository';
import type { Db, SessionStage, SessionsTable, Tx, UsersTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { type SecondFactorPolicy, secondFactorRequired } from '../domain/identity/second-factor-policy';
import { SIGN_IN_REFUSED, type SignInLimits, lockedOut } from '../domain/identity/sign-in-limits';
import type { Clock } from '../ports/clock';
import { type Actor, type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { hashPassword } from './users.commands';
import { parseInput } from './parse-input';

export type { SessionStage };

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

/** What sign-in enforces: who needs a second factor, and the failures that lock an account or address. */
export interface SignInPolicy {
  secondFactor: SecondFactorPolicy;
  signInLimits: SignInLimits;
}

/** How long a pending sign-in (password accepted, second step to come) lasts. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: User;
  /** `full`, or the second step a pending session waits for. */
  stage: SessionStage;
}

export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

/** The error of every refused sign-in, whatever its cause (the audit event records the cause). */
export const signInRefused = () => new DomainError('auth.invalid_credentials', SIGN_IN_REFUSED);

// Verifying against a fixed hash when the account does not exist keeps the response time
// the same, so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** Where a sign-in came from; the sign-in limits count per address. */
const addressOf = (ctx: CommandContext) => ctx.origin?.address ?? 'unknown';

/** Whether the account or the address has reached its limit of failures. */
export async function isLockedOut(db: Db, clock: Clock, account: string, address: string, limits: SignInLimits): Promise<boolean> {
  const since = new Date(clock.now().getTime() - limits.windowMs).toISOString();
  const [byAccount, byAddress] = await Promise.all([recentFailures(db, { account }, since), recentFailures(db, { address }, since)]);
  return lockedOut({ account: byAccount.count, address: byAddress.count }, limits);
}

/**
 * Records a refused sign-in and returns the error to throw. A failure counts towards the limits
 * (`counted`) unless the attempt was refused for a lock-out already in force or a disabled account.
 */
export async function refuseSignIn(ctx: CommandContext, attempt: { email: string; userId: string | null; reason: string; counted: boolean }): Promise<DomainError> {
  const audit = { ...auditBy(ctx, 'session.sign_in_failed', { type: 'user', id: attempt.userId ?? 'unknown' }, { reason: attempt.reason }), actorLabel: attempt.email };
  await inTransaction(ctx, (trx) =>
    attempt.counted ? insertSignInFailure(trx, { account: attempt.email, address: addressOf(ctx), at: nowIso(ctx) }, audit) : appendAudit(trx, audit).then(() => undefined),
  );
  return signInRefused();
}

/**
 * Checks email and password. Opens a full session, or a pending one when a second factor is
 * enrolled (`second_factor`) or required but not enrolled yet (`enrolment`). Throws
 * `auth.invalid_credentials` with one message for a wrong password, an unknown email, a
 * disabled account and a lock-out alike; `validation.invalid_input` for malformed input.
 */
export async function signIn(ctx: CommandContext, input: unknown, limits: SessionLimits, policy: SignInPolicy): Promise<SignedIn> {
  const request: LoginRequest = parseInput(loginRequestSchema, input);
  const row = await findUserByEmail(ctx.db, request.email);
  dummyHash ??= hashPassword('not-a-real-password-000');
  const valid = await verify(row?.password_hash ?? (await dummyHash), request.password).catch(() => false);
  const attempt = { email: request.email, userId: row?.id ?? null };
  // Checked after the password so that a locked account answers as slowly as any other.
  if (await isLockedOut(ctx.db, ctx.clock, request.email, addressOf(ctx), policy.signInLimits)) throw await refuseSignIn(ctx, { ...attempt, reason: 'locked_out', counted: false });
  if (!row || !valid) throw await refuseSignIn(ctx, { ...attempt, reason: row ? 'wrong_password' : 'unknown_account', counted: true });
  if (row.disabled === 1) throw await refuseSignIn(ctx, { ...attempt, reason: 'account_disabled', counted: false });
  const stage: SessionStage = row.totp_secret !== null ? 'second_factor' : secondFactorRequired(policy.secondFactor, row.system_role) ? 'enrolment' : 'full';
  return inTransaction(ctx, (trx) => openSession(trx, ctx, row, stage, limits));
}

/**
 * Inserts a session of the given stage with a new token, audited as `session.signed_in` (full) or
 * `session.password_accepted` (pending). `summary` says how a full session was reached.
 */
export async function openSession(trx: Tx, ctx: CommandContext, row: UsersTable, stage: SessionStage, limits: SessionLimits, summary: Record<string, unknown> = {}): Promise<SignedIn> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const lifetime = stage === 'full' ? limits.absoluteHours * 3600_000 : PENDING_SIGN_IN_MS;
  const expiresAt = new Date(now.getTime() + lifetime).toISOString();
  const user = toUser(row);
  const action = stage === 'full' ? 'session.signed_in' : 'session.password_accepted';
  const audit = { ...auditBy(ctx, action, { type: 'user', id: row.id }, stage === 'full' ? summary : { awaiting: stage }), actorId: row.id, actorLabel: labelOf(user) };
  const session: SessionsTable = {
    id: tokenId(token),
    user_id: row.id,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: expiresAt,
    revoked_at: null,
    stage,
  };
  await insertSession(trx, session, audit);
  return { token, csrfToken, expiresAt, user, stage };
}

export const labelOf = (user: Pick<User, 'name' | 'email'>) => `${user.name} <${user.email}>`;

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  user: User;
  actor: Actor;
  stage: SessionStage;
}

/**
 * Looks up a session token. Throws `auth.unauthenticated` for an unknown or revoked token, a
 * disabled account, or a session whose stage is not in `stages` (by default only full sessions:
 * a pending sign-in reaches nothing but its second step), and `auth.session_expired` past the
 * idle or absolute limit. Refreshes the idle timer.
 */
export async function resolveSession(db: Db, clock: Clock, token: string, limits: SessionLimits, stages: readonly SessionStage[] = ['full']): Promise<ResolvedSession> {
  const session = await findSession(db, tokenId(token));
  if (!session || session.revoked_at || !stages.includes(session.stage)) throw new DomainError('auth.unauthenticated', 'Please sign in');
  const now = clock.now();
  const idleDeadline = new Date(session.last_seen_at).getTime() + limits.idleMinutes * 60_000;
  if (now.getTime() >= new Date(session.expires_at).getTime() || now.getTime() >= idleDeadline) {
    throw new DomainError('auth.session_expired', 'Your session has expired; please sign in again');
  }
  const row = await findUserById(db, session.user_id);
  if (!row || row.disabled === 1) throw new DomainError('auth.unauthenticated', 'Please sign in');
  await touchSession(db, session.id, now.toISOString());
  const user = toUser(row);
  return {
    sessionId: session.id,
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at,
    user,
    actor: { userId: user.id, systemRole: user.systemRole, label: labelOf(user) },
    stage: session.stage,
  };
}

/** Ends a session at once. */
export async function signOut(ctx: CommandContext, sessionId: string): Promise<void> {
  await inTransaction(ctx, (trx) => revokeSession(trx, sessionId, nowIso(ctx), auditBy(ctx, 'session.signed_out', { type: 'user', id: ctx.actor.userId ?? 'unknown' })));
}
