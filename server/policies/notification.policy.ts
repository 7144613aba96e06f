/**
 * Who may do what with notifications (issue 14, docs/notifications.md). A person reads and marks
 * only their own inbox and sets only their own e-mail choices; the e-mail deliveries (to find an
 * address the SMTP server refused) are for managers.
 *
 * | action | a person | project manager | programme / system manager | the system | a request with an API token |
 * |---|---|---|---|---|---|
 * | readInbox, changeSettings | own | own | own | no (no person) | no |
 * | viewDeliveries | no | their projects' | all | yes | no |
 *
 * Example: a researcher asks for the e-mail deliveries → refused, `auth.forbidden`.
 */
import { type Decision, type PolicyActor, type PolicyTable, all, allow, authorizeWith, deny } from './policy';

export interface NotificationSubject {
  actor: PolicyActor;
  /** The actor is the project manager of at least one project. */
  managesAProject: boolean;
}

export const NOTIFICATION_ACTIONS = ['readInbox', 'changeSettings', 'viewDeliveries'] as const;
export type NotificationAction = (typeof NOTIFICATION_ACTIONS)[number];

const notViaToken = (s: NotificationSubject): Decision => (s.actor.token ? deny('Notifications are not reachable with an API token; sign in to the web UI', 'token.scope') : allow);
const aPerson = (s: NotificationSubject): Decision => (s.actor.userId ? allow : deny('Only a signed-in person has an inbox'));

export const notificationPolicy: PolicyTable<NotificationAction, NotificationSubject> = {
  readInbox: (s) =>
    all(
      () => notViaToken(s),
      () => aPerson(s),
    ),
  changeSettings: (s) =>
    all(
      () => notViaToken(s),
      () => aPerson(s),
    ),
  viewDeliveries: (s) =>
    all(
      () => notViaToken(s),
      () =>
        s.actor.systemRole === 'system' || s.actor.systemRole === 'system_manager' || s.actor.systemRole === 'programme_manager' || s.managesAProject
          ? allow
          : deny('Only managers see the e-mail deliveries'),
    ),
};

/** Throws the refusal (`auth.forbidden`, `token.scope`). */
export function authorizeNotification(action: NotificationAction, subject: NotificationSubject): void {
  authorizeWith(notificationPolicy, action, subject);
}

/** Whether all e-mail deliveries are visible (not only the actor's projects'). */
export const seesAllDeliveries = (actor: PolicyActor): boolean => actor.systemRole === 'system' || actor.systemRole === 'system_manager' || actor.systemRole === 'programme_manager';
