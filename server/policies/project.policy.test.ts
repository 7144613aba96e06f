/**
 * Table test for the project policy: every system role × project role × project status ×
 * action. `expected()` restates the header table of project.policy.ts independently; it does
 * not call the policy. Refusals are checked in this order: a project you cannot see does not
 * exist for you (`project.not_found`), then who you are (`auth.forbidden`), then whether the
 * project can still change (`project.closed`).
 */
import { describe, expect, it } from 'vitest';
import type { ProjectRole } from '../../common/vocab/roles';
import { PROJECT_STATUSES, type ProjectStatus } from '../../common/vocab/statuses';
import type { Decision, PolicyActor } from './policy';
import { PROJECT_ACTIONS, type ProjectAction, type ProjectSubject, authorizeProject, projectAbilities, projectPolicy } from './project.policy';

type SystemRole = PolicyActor['systemRole'];
const SYSTEM_ROLES: SystemRole[] = ['system', 'system_manager', 'programme_manager', 'standard'];
const PROJECT_ROLES: (ProjectRole | null)[] = ['investigator', 'researcher', 'data_provider_representative', 'referee', 'project_manager', null];

type Expected = { ok: true } | { ok: false; code: string; reason: string };
const yes: Expected = { ok: true };
const no = (code: string, reason: string): Expected => ({ ok: false, code, reason });

/** The header table, written out: which project roles each action admits beyond the haven managers. */
const MANAGING_ROLES: Record<
  Exclude<ProjectAction, 'view' | 'viewAudit' | 'changeStatus' | 'manageCheckSettings' | 'setOutputArea' | 'manageDestinations'>,
  { roles: ProjectRole[]; reason: string }
> = {
  manageParticipants: { roles: ['project_manager'], reason: 'Only the project manager or a programme manager can manage participants' },
  manageDatasets: { roles: ['project_manager'], reason: 'Only the project manager or a programme manager can manage datasets' },
  addWorkPackage: { roles: ['project_manager', 'investigator'], reason: 'Only an investigator, the project manager or a programme manager can add work packages' },
};

function expected(systemRole: SystemRole, role: ProjectRole | null, status: ProjectStatus, action: ProjectAction): Expected {
  // Programme managers (and the CLI) run the programme; system managers see every project but manage none.
  const havenManager = systemRole === 'system' || systemRole === 'programme_manager';
  const seesAll = havenManager || systemRole === 'system_manager';
  if (!seesAll && role === null) return no('project.not_found', 'not a participant');
  if (action === 'view' || action === 'viewAudit') return yes;
  if (action === 'changeStatus') {
    // Only the programme runs a project's lifecycle, whatever role the person holds on it; a closed project is final.
    if (!havenManager) return no('auth.forbidden', 'Only a programme manager can start closing, resume or close a project');
    return status === 'closed' ? no('project.closed', 'The project is closed') : yes;
  }
  if (action === 'manageCheckSettings') {
    // The haven's managers set the checks on a project's outputs; no participant role can, so nobody loosens the checks on their own outputs.
    if (!seesAll) return no('auth.forbidden', 'Only a system manager or a programme manager can change a project’s disclosure-check settings');
    return status === 'closed' ? no('project.closed', 'The project is closed') : yes;
  }
  if (action === 'setOutputArea') {
    // Which folder of the server the participants may read is the system manager's decision (and the CLI's); no project role, nor the programme manager, grants it.
    if (systemRole !== 'system' && systemRole !== 'system_manager') return no('auth.forbidden', 'Only a system manager can set a project’s output area');
    return status === 'closed' ? no('project.closed', 'The project is closed') : yes;
  }
  if (action === 'manageDestinations') {
    // Where outputs may go is the haven's decision, like the checks: no participant role registers a destination.
    if (!seesAll) return no('auth.forbidden', 'Only a system manager or a programme manager can register or retire a project’s destinations');
    return status === 'closed' ? no('project.closed', 'The project is closed') : yes;
  }
  const rule = MANAGING_ROLES[action];
  if (!havenManager && !(role !== null && rule.roles.includes(role))) return no('auth.forbidden', rule.reason);
  // A closing project is still worked on (its outputs are egressed); only a closed one is frozen.
  if (status === 'closed') return no('project.closed', 'The project is closed');
  return yes;
}

const subjectOf = (systemRole: SystemRole, role: ProjectRole | null, status: ProjectStatus): ProjectSubject => ({
  actor: { userId: systemRole === 'system' ? null : 'user-1', systemRole },
  role,
  status,
});

function matches(actual: Decision, want: Expected): boolean {
  if (want.ok) return actual.ok;
  return !actual.ok && actual.code === want.code && actual.reason.includes(want.reason);
}

const SUBJECTS = SYSTEM_ROLES.flatMap((systemRole) => PROJECT_ROLES.flatMap((role) => PROJECT_STATUSES.map((status) => ({ systemRole, role, status }))));

describe('project policy', () => {
  it.each(PROJECT_ACTIONS)('decides %s for every system role, project role and project status as the header table says', (action) => {
    const mismatches: string[] = [];
    for (const { systemRole, role, status } of SUBJECTS) {
      const actual = projectPolicy[action](subjectOf(systemRole, role, status));
      const want = expected(systemRole, role, status, action);
      if (!matches(actual, want)) mismatches.push(`${systemRole}/${role}/${status}: got ${JSON.stringify(actual)}, want ${JSON.stringify(want)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('covers 4 system roles × 6 project roles × 3 statuses for each action', () => {
    expect(SUBJECTS).toHaveLength(4 * 6 * 3);
  });

  it('lets a researcher on an active project view it but not add work packages, as in the header example', () => {
    const subject = subjectOf('standard', 'researcher', 'active');
    expect(projectPolicy.view(subject)).toEqual({ ok: true });
    expect(projectPolicy.addWorkPackage(subject)).toEqual({
      ok: false,
      code: 'auth.forbidden',
      reason: 'Only an investigator, the project manager or a programme manager can add work packages',
    });
  });

  it('has a rule for every action and no rule for anything else', () => {
    expect(Object.keys(projectPolicy).sort()).toEqual([...PROJECT_ACTIONS].sort());
    expect([...Object.keys(MANAGING_ROLES), 'view', 'viewAudit', 'changeStatus', 'manageCheckSettings', 'setOutputArea', 'manageDestinations'].sort()).toEqual([...PROJECT_ACTIONS].sort());
  });

  it('lists exactly the project actions as abilities, each answered by the table', () => {
    for (const { systemRole, role, status } of SUBJECTS) {
      const abilities = projectAbilities(subjectOf(systemRole, role, status));
      expect(Object.keys(abilities).sort()).toEqual([...PROJECT_ACTIONS].sort());
      for (const action of PROJECT_ACTIONS) expect(abilities[action]).toBe(expected(systemRole, role, status, action).ok);
    }
  });

  it('lets a system manager change check settings but not the project manager or the investigator, as in the header table', () => {
    expect(projectPolicy.manageCheckSettings(subjectOf('system_manager', null, 'closing'))).toEqual({ ok: true });
    expect(projectPolicy.manageCheckSettings(subjectOf('standard', 'project_manager', 'active'))).toMatchObject({ ok: false, code: 'auth.forbidden' });
    expect(projectPolicy.manageCheckSettings(subjectOf('standard', 'investigator', 'active'))).toMatchObject({ ok: false, code: 'auth.forbidden' });
    expect(projectPolicy.manageCheckSettings(subjectOf('programme_manager', null, 'closed'))).toMatchObject({ ok: false, code: 'project.closed' });
  });

  it('lets only a system manager (or the CLI) set the output area, whatever project role or haven role others hold', () => {
    expect(projectPolicy.setOutputArea(subjectOf('system_manager', null, 'closing'))).toEqual({ ok: true });
    expect(projectPolicy.setOutputArea(subjectOf('system', null, 'active'))).toEqual({ ok: true });
    expect(projectPolicy.setOutputArea(subjectOf('programme_manager', 'project_manager', 'active'))).toMatchObject({ ok: false, code: 'auth.forbidden' });
    expect(projectPolicy.setOutputArea(subjectOf('standard', 'project_manager', 'active'))).toMatchObject({ ok: false, code: 'auth.forbidden' });
    expect(projectPolicy.setOutputArea(subjectOf('standard', null, 'active'))).toMatchObject({ ok: false, code: 'project.not_found' });
    expect(projectPolicy.setOutputArea(subjectOf('system_manager', null, 'closed'))).toMatchObject({ ok: false, code: 'project.closed' });
  });

  it('throws not-found rather than forbidden when an outsider tries to manage a project', () => {
    expect(() => authorizeProject('manageParticipants', subjectOf('standard', null, 'active'))).toThrowError(expect.objectContaining({ code: 'project.not_found', kind: 'not_found' }));
  });
});
