/**
 * Table test for the closure report policy: every system role × project role × project status ×
 * action. `expected()` restates the header table of closure-report.policy.ts independently.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectRole } from '../../common/vocab/roles';
import { PROJECT_STATUSES, type ProjectStatus } from '../../common/vocab/statuses';
import { DomainError } from '../domain/errors';
import { CLOSURE_REPORT_ACTIONS, type ClosureReportAction, authorizeClosureReport, closureReportAbilities, closureReportPolicy } from './closure-report.policy';
import type { PolicyActor } from './policy';

type SystemRole = PolicyActor['systemRole'];
const SYSTEM_ROLES: SystemRole[] = ['system', 'system_manager', 'programme_manager', 'standard'];
const PROJECT_ROLES: (ProjectRole | null)[] = ['investigator', 'researcher', 'data_provider_representative', 'referee', 'project_manager', null];

type Expected = { ok: true } | { ok: false; code: string };

function expected(systemRole: SystemRole, role: ProjectRole | null, status: ProjectStatus, action: ClosureReportAction): Expected {
  const seesAll = systemRole === 'system' || systemRole === 'programme_manager' || systemRole === 'system_manager';
  if (!seesAll && role === null) return { ok: false, code: 'project.not_found' };
  if (action === 'view') return { ok: true };
  if (!seesAll && role !== 'project_manager') return { ok: false, code: 'auth.forbidden' };
  return status === 'closed' ? { ok: true } : { ok: false, code: 'closure.report_not_ready' };
}

const cases = SYSTEM_ROLES.flatMap((systemRole) =>
  PROJECT_ROLES.flatMap((role) => PROJECT_STATUSES.flatMap((status) => CLOSURE_REPORT_ACTIONS.map((action) => ({ systemRole, role, status, action })))),
);

describe('the closure report policy', () => {
  it('has a rule for every action', () => {
    expect(Object.keys(closureReportPolicy).sort()).toEqual([...CLOSURE_REPORT_ACTIONS].sort());
  });

  it.each(cases)('$systemRole as $role on a $status project: $action', ({ systemRole, role, status, action }) => {
    const subject = { actor: { userId: 'u1', systemRole }, role, status };
    const decision = closureReportPolicy[action](subject);
    const want = expected(systemRole, role, status, action);
    expect(decision.ok).toBe(want.ok);
    if (!decision.ok && !want.ok) expect(decision.code).toBe(want.code);
    expect(closureReportAbilities(subject)[action]).toBe(want.ok);
  });

  it('throws the refusal with its reason from authorize', () => {
    const investigator = { actor: { userId: 'u1', systemRole: 'standard' as const }, role: 'investigator' as const, status: 'closed' as const };
    expect(() => authorizeClosureReport('download', investigator)).toThrow(DomainError);
    expect(() => authorizeClosureReport('download', investigator)).toThrow('Only the project manager, a programme manager or a system manager can download the closure report');
    expect(() => authorizeClosureReport('download', { ...investigator, role: 'project_manager' })).not.toThrow();
  });
});
