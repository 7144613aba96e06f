/**
 * Table test for the API token policy, written out from the header table of api-token.policy.ts.
 */
import { describe, expect, it } from 'vitest';
import { API_TOKEN_ACTIONS, type ApiTokenSubject, apiTokenPolicy, authorizeApiToken, tokenReaches } from './api-token.policy';
import type { PolicyActor } from './policy';

const person: PolicyActor = { userId: 'ada', systemRole: 'standard' };
const manager: PolicyActor = { userId: 'grace', systemRole: 'system_manager' };
const programme: PolicyActor = { userId: 'pm', systemRole: 'programme_manager' };
const system: PolicyActor = { userId: null, systemRole: 'system' };

type Expected = true | { code: string; reason: string };
const refused = (code: string, reason: string): Expected => ({ code, reason });

const CASES: [string, keyof typeof apiTokenPolicy, ApiTokenSubject, Expected][] = [
  ['a participant creates a token for their project', 'create', { actor: person, viaToken: false, role: 'researcher' }, true],
  ['a system manager who takes part creates one', 'create', { actor: manager, viaToken: false, role: 'project_manager' }, true],
  ['a non-participant programme manager', 'create', { actor: programme, viaToken: false, role: null }, refused('auth.forbidden', 'projects you take part in')],
  ['the system (no person)', 'create', { actor: system, viaToken: false, role: null }, refused('auth.forbidden', 'signed-in person')],
  ['a request made with a token', 'create', { actor: person, viaToken: true, role: 'researcher' }, refused('token.scope', 'cannot be used to manage')],
  ['a person lists their tokens', 'list', { actor: person, viaToken: false }, true],
  ['the system lists tokens', 'list', { actor: system, viaToken: false }, refused('auth.forbidden', 'signed-in person')],
  ['a token lists tokens', 'list', { actor: person, viaToken: true }, refused('token.scope', 'cannot be used to manage')],
  ['a person revokes their own token', 'revoke', { actor: person, viaToken: false, ownerId: 'ada' }, true],
  ['a person revokes someone else’s', 'revoke', { actor: person, viaToken: false, ownerId: 'bob' }, refused('token.not_found', 'No such API token')],
  ['a programme manager revokes someone else’s', 'revoke', { actor: programme, viaToken: false, ownerId: 'bob' }, refused('token.not_found', 'No such API token')],
  ['a system manager revokes anyone’s', 'revoke', { actor: manager, viaToken: false, ownerId: 'bob' }, true],
  ['the system revokes anyone’s', 'revoke', { actor: system, viaToken: false, ownerId: 'bob' }, true],
  ['a token revokes its own token', 'revoke', { actor: person, viaToken: true, ownerId: 'ada' }, refused('token.scope', 'cannot be used to manage')],
];

describe('API token policy', () => {
  it.each(CASES)('decides: %s', (_name, action, subject, expected) => {
    const decision = apiTokenPolicy[action](subject);
    if (expected === true) {
      expect(decision).toEqual({ ok: true });
    } else {
      expect(decision).toMatchObject({ ok: false, code: expected.code });
      expect(decision.ok === false && decision.reason).toContain(expected.reason);
    }
  });

  it('has a rule for every action, each covered by the table', () => {
    expect(Object.keys(apiTokenPolicy).sort()).toEqual([...API_TOKEN_ACTIONS].sort());
    expect(new Set(CASES.map((c) => c[1]))).toEqual(new Set(API_TOKEN_ACTIONS));
  });

  it('throws the refusal as a domain error with its code when authorizing', () => {
    expect(() => authorizeApiToken('revoke', { actor: person, viaToken: false, ownerId: 'bob' })).toThrow(expect.objectContaining({ name: 'DomainError', code: 'token.not_found' }));
  });

  it.each([person, manager, programme, system])('lets a request without a token reach any project (%o)', (actor) => {
    expect(tokenReaches(actor, 'p1')).toBe(true);
    expect(tokenReaches(actor, 'p2')).toBe(true);
  });

  it.each([person, manager, programme])('limits a request made with a token to the token’s project, whatever the person’s role (%o)', (actor) => {
    const viaToken: PolicyActor = { ...actor, token: { projectId: 'p1' } };
    expect(tokenReaches(viaToken, 'p1')).toBe(true);
    expect(tokenReaches(viaToken, 'p2')).toBe(false);
  });
});
