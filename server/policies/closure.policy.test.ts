/**
 * Table test for the closure policy: every system role × project role × project status × action.
 * `expected()` restates the header table of closure.policy.ts independently of the policy.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectRole } from '../../common/vocab/roles';
import { PROJECT_STATUSES, type ProjectStatus } from '../../common/vocab/statuses';
import { DomainError } from '../domain/errors';
import { CLOSURE_ACTIONS, type ClosureAction, authorizeClosure, closureAbilities, closurePolicy } from './closure.policy';
import type { PolicyActor } from './policy';

type SystemRole = PolicyActor['systemRole'];
const SYSTEM_ROLES: SystemRole[] = ['system', 'system_manager', 'programme_manager', 'standard'];
const PROJECT_ROLES: (ProjectRole | null)[] = ['investigator', 'researcher', 'data_provider_representative', 'referee', 'project_manager', null];

type Expected = { ok: true } | { ok: false; code: string };

function expected(systemRole: SystemRole, role: ProjectRole | null, status: ProjectStatus, action: ClosureAction): Expected {
  const programme = systemRole === 'system' || systemRole === 'programme_manager';
  const seesAll = programme || systemRole === 'system_manager';
  if (!seesAll && role === null) return { ok: false, code: 'project.not_found' };
  if (action === 'view') return { ok: true };
  const runsProject = role === 'investigator' || role === 'project_manager';
  const admitted = {
    refreshInventory: programme || systemRole === 'system_manager' || runsProject,
    markFiles: programme || runsProject,
    waive: programme,
  }[action];
  if (!admitted) return { ok: false, code: 'auth.forbidden' };
  return status === 'closed' ? { ok: false, code: 'project.closed' } : { ok: true };
}

const cases = SYSTEM_ROLES.flatMap((systemRole) => PROJECT_ROLES.flatMap((role) => PROJECT_STATUSES.flatMap((status) => CLOSURE_ACTIONS.map((action) => ({ systemRole, role, status, action })))));

describe('the closure policy', () => {
  it('has a rule for every action', () => {
    expect(Object.keys(closurePolicy).sort()).toEqual([...CLOSURE_ACTIONS].sort());
  });

  it.each(cases)('$systemRole as $role on a $status project: $action', ({ systemRole, role, status, action }) => {
    const subject = { actor: { userId: 'u1', systemRole }, role, status };
    const decision = closurePolicy[action](subject);
    const want = expected(systemRole, role, status, action);
    expect(decision.ok).toBe(want.ok);
    if (!decision.ok && !want.ok) expect(decision.code).toBe(want.code);
    expect(closureAbilities(subject)[action]).toBe(want.ok);
  });

  it('throws the refusal with its reason from authorize', () => {
    const subject = { actor: { userId: 'u1', systemRole: 'standard' as const }, role: 'investigator' as const, status: 'closing' as const };
    expect(() => authorizeClosure('waive', subject)).toThrow(DomainError);
    expect(() => authorizeClosure('waive', subject)).toThrow('Only a programme manager can waive an item of the closure checklist');
    expect(() => authorizeClosure('markFiles', subject)).not.toThrow();
  });
});
