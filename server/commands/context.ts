/**
 * What every command receives: the database, the clock and who is acting. HTTP builds it from
 * the session; the CLI and workers build it with a system actor.
 */
import type { SystemRole } from '../../common/vocab/roles';
import type { TokenScope } from '../../common/vocab/token-scopes';
import type { AuditInput } from '../db/audit.repository';
import type { Db, Tx } from '../db/schema';
import type { PolicyActor } from '../policies/policy';
import type { Clock } from '../ports/clock';

export interface Actor extends PolicyActor {
  userId: string | null;
  systemRole: SystemRole | 'system';
  /** How the actor appears in the audit log, e.g. "Ada Lovelace <ada@example.org>" or "cli". */
  label: string;
  /**
   * Set when the request was authenticated by a personal API token: the actor is still the
   * person (their policies apply), further limited to the token's project and scopes.
   */
  token?: { id: string; projectId: string; scopes: TokenScope[] };
}

/** Where a request came from (docs/design.md §5.2): its address and whether that is inside the environment's networks. */
export interface RequestOrigin {
  address: string;
  /** The address is in ENVIRONMENT_NETWORKS. */
  inside: boolean;
}

export interface CommandContext {
  db: Db;
  clock: Clock;
  actor: Actor;
  /** Set by HTTP; absent for the CLI and workers, which run inside the environment. */
  origin?: RequestOrigin;
}

export function systemActor(label: string): Actor {
  return { userId: null, systemRole: 'system', label };
}

/** Runs `work` in one transaction: every change and its audit events commit together or not at all. */
export function inTransaction<T>(ctx: CommandContext, work: (trx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}

/** Starts an audit record attributed to the actor at the current time. */
export function auditBy(ctx: CommandContext, action: string, object: { type: string; id: string; projectId?: string | null }, summary: Record<string, unknown> = {}): AuditInput {
  return {
    actorId: ctx.actor.userId,
    actorLabel: ctx.actor.label,
    action,
    objectType: object.type,
    objectId: object.id,
    projectId: object.projectId ?? null,
    summary,
    at: ctx.clock.now().toISOString(),
  };
}

export const nowIso = (ctx: CommandContext): string => ctx.clock.now().toISOString();
