/**
 * Haven-wide actions decided by system role.
 *
 * | action | system_manager | programme_manager | standard |
 * |---|---|---|---|
 * | createProject | no | yes | no |
 * | manageUsers | yes | no | no |
 * | listUsers | yes | yes | no |
 * | importQuestionSet | yes | no | no |
 * | publishTierPolicy | yes | no | no |
 * | viewAllAudit | yes | no | no |
 * | seeAllProjects | yes | yes | no |
 *
 * `seeAllProjects`: the project list holds every project, not only those the person takes part
 * in (the haven's managers oversee them all; opening one is still decided by the project policy).
 */
import { type PolicyActor, type PolicyTable, abilitiesOf, allow, authorizeWith, deny } from './policy';

export const SESSION_ACTIONS = ['createProject', 'manageUsers', 'listUsers', 'importQuestionSet', 'publishTierPolicy', 'viewAllAudit', 'seeAllProjects'] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

const isSystem = (a: PolicyActor) => a.systemRole === 'system';

export const sessionPolicy: PolicyTable<SessionAction, PolicyActor> = {
  createProject: (a) => (isSystem(a) || a.systemRole === 'programme_manager' ? allow : deny('Only a programme manager can create projects')),
  manageUsers: (a) => (isSystem(a) || a.systemRole === 'system_manager' ? allow : deny('Only a system manager can manage user accounts')),
  listUsers: (a) => (isSystem(a) || a.systemRole === 'system_manager' || a.systemRole === 'programme_manager' ? allow : deny('Only system and programme managers can list user accounts')),
  importQuestionSet: (a) => (isSystem(a) || a.systemRole === 'system_manager' ? allow : deny('Only a system manager can import question sets')),
  publishTierPolicy: (a) => (isSystem(a) || a.systemRole === 'system_manager' ? allow : deny('Only a system manager can publish a tier policy')),
  viewAllAudit: (a) => (isSystem(a) || a.systemRole === 'system_manager' ? allow : deny('Only a system manager can read the whole audit log')),
  seeAllProjects: (a) =>
    isSystem(a) || a.systemRole === 'system_manager' || a.systemRole === 'programme_manager'
      ? allow
      : deny('Only system and programme managers see every project; others see the projects they take part in'),
};

export const authorizeSession = (action: SessionAction, actor: PolicyActor) => authorizeWith(sessionPolicy, action, actor);
export const canSession = (action: SessionAction, actor: PolicyActor): boolean => sessionPolicy[action](actor).ok;
export const sessionAbilities = (actor: PolicyActor) => abilitiesOf(sessionPolicy, actor);
