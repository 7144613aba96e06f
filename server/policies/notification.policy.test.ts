/** The notification policy as a table: role × action → allowed, and every action has a rule. */
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_ACTIONS, type NotificationAction, type NotificationSubject, notificationPolicy } from './notification.policy';

const person = (systemRole: 'standard' | 'programme_manager' | 'system_manager', managesAProject = false): NotificationSubject => ({ actor: { userId: 'u1', systemRole }, managesAProject });

const CASES: [string, NotificationSubject, NotificationAction, boolean][] = [
  ['a person reads their inbox', person('standard'), 'readInbox', true],
  ['a person changes their settings', person('standard'), 'changeSettings', true],
  ['a person does not see deliveries', person('standard'), 'viewDeliveries', false],
  ['a project manager sees deliveries', person('standard', true), 'viewDeliveries', true],
  ['a programme manager sees deliveries', person('programme_manager'), 'viewDeliveries', true],
  ['a system manager sees deliveries', person('system_manager'), 'viewDeliveries', true],
  ['the system has no inbox', { actor: { userId: null, systemRole: 'system' }, managesAProject: false }, 'readInbox', false],
  ['a token reaches no inbox', { actor: { userId: 'u1', systemRole: 'standard', token: { projectId: 'p' } }, managesAProject: false }, 'readInbox', false],
  ['a token reaches no deliveries', { actor: { userId: 'u1', systemRole: 'system_manager', token: { projectId: 'p' } }, managesAProject: false }, 'viewDeliveries', false],
];

describe('notification policy', () => {
  it.each(CASES)('%s', (_name, subject, action, allowed) => {
    expect(notificationPolicy[action](subject).ok).toBe(allowed);
  });

  it('has a rule for every action', () => {
    expect(Object.keys(notificationPolicy).sort()).toEqual([...NOTIFICATION_ACTIONS].sort());
  });
});
