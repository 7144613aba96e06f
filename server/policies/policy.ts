/**
 * The shape of every policy module: a table from action to rule. A rule answers
 * `{ok:true}` or `{ok:false, code, reason}`; `authorize()` throws the refusal, `can()` answers
 * yes/no and `abilities()` lists every action for the UI, so the web never re-derives a rule.
 */
import type { SystemRole } from '../../common/vocab/roles';
import { DomainError, type ErrorCode } from '../domain/errors';

/** Who is asking. `system` is the CLI or a worker acting on its own authority. */
export interface PolicyActor {
  userId: string | null;
  systemRole: SystemRole | 'system';
  /** Set when the request was made with a personal API token: the token's project limits what the person reaches. */
  token?: { projectId: string } | undefined;
}

export type Decision = { ok: true } | { ok: false; code: ErrorCode; reason: string };

export const allow: Decision = { ok: true };
export function deny(reason: string, code: ErrorCode = 'auth.forbidden'): Decision {
  return { ok: false, code, reason };
}

export type PolicyTable<Action extends string, Subject> = Record<Action, (subject: Subject) => Decision>;

/** Throws the rule's refusal as a DomainError. */
export function authorizeWith<A extends string, S>(table: PolicyTable<A, S>, action: A, subject: S): void {
  const decision = table[action](subject);
  if (!decision.ok) throw new DomainError(decision.code, decision.reason, { action });
}

export function abilitiesOf<A extends string, S>(table: PolicyTable<A, S>, subject: S): Record<A, boolean> {
  const out = {} as Record<A, boolean>;
  for (const action of Object.keys(table) as A[]) out[action] = table[action](subject).ok;
  return out;
}

/** Evaluates rules in order; the first refusal wins. */
export function all(...decisions: (() => Decision)[]): Decision {
  for (const d of decisions) {
    const result = d();
    if (!result.ok) return result;
  }
  return allow;
}
