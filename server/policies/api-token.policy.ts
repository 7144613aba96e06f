/**
 * Who may create, list and revoke personal API tokens. A token is never a way to get more:
 * it is created by the person for themselves, only for a project they take part in, and a
 * request made with a token can never manage tokens.
 *
 * | action | the person (signed in) | a system manager | the system (CLI) | any request made with a token |
 * |---|---|---|---|---|
 * | create | yes, for a project where they hold an active role | same as a person | no (no person) | no |
 * | list (own) | yes | yes | no | no |
 * | revoke | own tokens | anyone's | anyone's | no |
 *
 * A request made with a token reaches only the token's project (`tokenReaches`): every other
 * project, and every package of one, looks as if it did not exist, whatever the person could see.
 *
 * Example: a programme manager who is not a participant asks to create a token for a project
 * → refused with `auth.forbidden` "You can create API tokens only for projects you take part in".
 */
import type { ProjectRole } from '../../common/vocab/roles';
import { type Decision, type PolicyActor, type PolicyTable, all, allow, authorizeWith, deny } from './policy';

export interface ApiTokenSubject {
  actor: PolicyActor;
  /** Whether the request itself was authenticated by a token. */
  viaToken: boolean;
  /** create: the actor's active role on the token's project, if any. */
  role?: ProjectRole | null;
  /** revoke: the person the token belongs to. */
  ownerId?: string;
}

export const API_TOKEN_ACTIONS = ['create', 'list', 'revoke'] as const;
export type ApiTokenAction = (typeof API_TOKEN_ACTIONS)[number];

const notViaToken = (s: ApiTokenSubject): Decision => (s.viaToken ? deny('API tokens cannot be used to manage API tokens; sign in to the web UI', 'token.scope') : allow);

const aPerson = (s: ApiTokenSubject): Decision => (s.actor.userId ? allow : deny('Only a signed-in person can hold API tokens'));

export const apiTokenPolicy: PolicyTable<ApiTokenAction, ApiTokenSubject> = {
  create: (s) =>
    all(
      () => notViaToken(s),
      () => aPerson(s),
      () => (s.role ? allow : deny('You can create API tokens only for projects you take part in')),
    ),
  list: (s) =>
    all(
      () => notViaToken(s),
      () => aPerson(s),
    ),
  revoke: (s) =>
    all(
      () => notViaToken(s),
      () =>
        s.actor.systemRole === 'system' || s.actor.systemRole === 'system_manager' || (s.actor.userId !== null && s.actor.userId === s.ownerId) ? allow : deny('No such API token', 'token.not_found'),
    ),
};

/** Whether the actor's request reaches `projectId`: always without a token, only the token's project with one. */
export function tokenReaches(actor: PolicyActor, projectId: string): boolean {
  return actor.token === undefined || actor.token.projectId === projectId;
}

export const authorizeApiToken = (action: ApiTokenAction, s: ApiTokenSubject) => authorizeWith(apiTokenPolicy, action, s);
