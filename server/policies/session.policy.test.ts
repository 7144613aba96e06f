/**
 * Table test for the session (haven-wide) policy. The expectations are written out from the
 * header table of session.policy.ts, not derived from the policy itself.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_ACTIONS, type SessionAction, authorizeSession, sessionAbilities, sessionPolicy } from './session.policy';
import type { PolicyActor } from './policy';

type Role = PolicyActor['systemRole'];
const ROLES: Role[] = ['system', 'system_manager', 'programme_manager', 'standard'];

/** Who is allowed, and a phrase the refusal must contain. The system actor (CLI, workers) may do everything. */
const TABLE: Record<SessionAction, { allowed: Role[]; reason: string }> = {
  createProject: { allowed: ['system', 'programme_manager'], reason: 'programme manager' },
  manageUsers: { allowed: ['system', 'system_manager'], reason: 'system manager' },
  listUsers: { allowed: ['system', 'system_manager', 'programme_manager'], reason: 'system and programme managers' },
  importQuestionSet: { allowed: ['system', 'system_manager'], reason: 'import question sets' },
  publishTierPolicy: { allowed: ['system', 'system_manager'], reason: 'publish a tier policy' },
  viewAllAudit: { allowed: ['system', 'system_manager'], reason: 'whole audit log' },
  seeAllProjects: { allowed: ['system', 'system_manager', 'programme_manager'], reason: 'see every project' },
};

const actorFor = (systemRole: Role): PolicyActor => ({ userId: systemRole === 'system' ? null : `user-${systemRole}`, systemRole });

describe('session policy', () => {
  const cases = SESSION_ACTIONS.flatMap((action) => ROLES.map((role) => [action, role] as const));

  it.each(cases)('decides %s for a %s actor as the header table says', (action, role) => {
    const rule = TABLE[action];
    const decision = sessionPolicy[action](actorFor(role));
    if (rule.allowed.includes(role)) {
      expect(decision).toEqual({ ok: true });
    } else {
      expect(decision).toMatchObject({ ok: false, code: 'auth.forbidden' });
      expect(decision.ok === false && decision.reason).toContain(rule.reason);
    }
  });

  it('has a rule for every action and no rule for anything else', () => {
    expect(Object.keys(sessionPolicy).sort()).toEqual([...SESSION_ACTIONS].sort());
    expect(Object.keys(TABLE).sort()).toEqual([...SESSION_ACTIONS].sort());
  });

  it('lists exactly the session actions as abilities, each answered by its rule', () => {
    for (const role of ROLES) {
      const abilities = sessionAbilities(actorFor(role));
      expect(Object.keys(abilities).sort()).toEqual([...SESSION_ACTIONS].sort());
      for (const action of SESSION_ACTIONS) expect(abilities[action]).toBe(TABLE[action].allowed.includes(role));
    }
  });

  it('throws the refusal as a domain error with its code when authorizing', () => {
    expect(() => authorizeSession('createProject', actorFor('standard'))).toThrowError(expect.objectContaining({ name: 'DomainError', code: 'auth.forbidden', kind: 'forbidden' }));
    expect(() => authorizeSession('createProject', actorFor('programme_manager'))).not.toThrow();
  });
});
