/**
 * The inbox, notification settings and e-mail deliveries (issue 14, docs/notifications.md):
 * `GET /me/notifications` (waiting items, events, unread count), `GET /me/notifications/count`
 * (the bell), `POST /me/notifications/:notificationId/read`, `POST /me/notifications/read-all`,
 * `GET|PUT /me/notification-settings` (e-mail per kind) and, for managers,
 * `GET /notification-deliveries` (each e-mail's state and the SMTP server's reply).
 */
import { z } from 'zod';
import { errorResponseSchema, idSchema } from '../../../common/contracts/common.contract';
import {
  emailDeliveriesQuerySchema,
  emailDeliveriesResponseSchema,
  inboxQuerySchema,
  inboxResponseSchema,
  markReadResponseSchema,
  notificationSettingsSchema,
  unreadCountResponseSchema,
  updateNotificationSettingsSchema,
} from '../../../common/contracts/notifications.contract';
import { changeNotificationSettings, countInbox, getInbox, getNotificationSettings, listEmailDeliveries, markAllNotificationsRead, markNotificationRead } from '../../commands/notifications.commands';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 422: errorResponseSchema };
const notificationParams = z.object({ notificationId: idSchema });

export function notificationRoutes(app: App, deps: AuthDeps, options: { emailConfigured: boolean }): void {
  app.get(
    '/me/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your inbox: what is waiting for you and your notifications, newest first',
        querystring: inboxQuerySchema,
        response: { 200: inboxResponseSchema, ...refusals },
      },
    },
    async (request) => getInbox(contextOf(deps, request), request.query),
  );
  app.get(
    '/me/notifications/count',
    { schema: { tags: ['notifications'], summary: 'How many notifications are unread and how many items wait for you', response: { 200: unreadCountResponseSchema, ...refusals } } },
    async (request) => countInbox(contextOf(deps, request)),
  );
  app.post(
    '/me/notifications/:notificationId/read',
    { schema: { tags: ['notifications'], summary: 'Mark one of your notifications read', params: notificationParams, response: { 200: markReadResponseSchema, ...refusals } } },
    async (request) => markNotificationRead(contextOf(deps, request), request.params.notificationId),
  );
  app.post(
    '/me/notifications/read-all',
    { schema: { tags: ['notifications'], summary: 'Mark all your notifications read', response: { 200: markReadResponseSchema, ...refusals } } },
    async (request) => markAllNotificationsRead(contextOf(deps, request)),
  );
  app.get(
    '/me/notification-settings',
    { schema: { tags: ['notifications'], summary: 'Which kinds of notification you get by e-mail', response: { 200: notificationSettingsSchema, ...refusals } } },
    async (request) => getNotificationSettings(contextOf(deps, request), options.emailConfigured),
  );
  app.put(
    '/me/notification-settings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Turn e-mail on or off per kind of notification (the inbox keeps every kind)',
        body: updateNotificationSettingsSchema,
        response: { 200: notificationSettingsSchema, ...refusals },
      },
    },
    async (request) => changeNotificationSettings(contextOf(deps, request), request.body, options.emailConfigured),
  );
  app.get(
    '/notification-deliveries',
    {
      schema: {
        tags: ['notifications'],
        summary: 'E-mail deliveries with their state and the SMTP server’s reply (managers: refused and failed addresses)',
        querystring: emailDeliveriesQuerySchema,
        response: { 200: emailDeliveriesResponseSchema, ...refusals },
      },
    },
    async (request) => listEmailDeliveries(contextOf(deps, request), request.query),
  );
}
