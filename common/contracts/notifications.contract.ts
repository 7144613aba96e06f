/**
 * The inbox and notification settings (issue 14, docs/notifications.md): what is waiting for the
 * signed-in person plus the events addressed to them, their per-kind e-mail choices, and the
 * managers' view of e-mail deliveries (to see refused or failed addresses).
 */
import { z } from 'zod';
import { EMAIL_STATUSES, NOTIFICATION_KINDS } from '../vocab/notifications';
import { idSchema, isoDateSchema } from './common.contract';
import { waitingItemSchema } from './waiting.contract';

export const notificationSchema = z.object({
  id: idSchema,
  kind: z.enum(NOTIFICATION_KINDS),
  projectId: idSchema.nullable(),
  title: z.string(),
  /** Where the web UI shows the subject, e.g. `/packages/…`. */
  path: z.string(),
  createdAt: isoDateSchema,
  readAt: isoDateSchema.nullable(),
  emailStatus: z.enum(EMAIL_STATUSES),
});
export type Notification = z.infer<typeof notificationSchema>;

export const inboxQuerySchema = z.object({
  /** Only events not yet read. */
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const inboxResponseSchema = z.object({
  unread: z.number().int().min(0),
  waiting: z.array(waitingItemSchema),
  events: z.array(notificationSchema),
});
export type Inbox = z.infer<typeof inboxResponseSchema>;

export const unreadCountResponseSchema = z.object({ unread: z.number().int().min(0), waiting: z.number().int().min(0) });
export type UnreadCount = z.infer<typeof unreadCountResponseSchema>;

export const markReadResponseSchema = z.object({ marked: z.number().int().min(0), unread: z.number().int().min(0) });
export type MarkReadResponse = z.infer<typeof markReadResponseSchema>;

export const notificationSettingSchema = z.object({ kind: z.enum(NOTIFICATION_KINDS), label: z.string(), email: z.boolean() });
export const notificationSettingsSchema = z.object({
  /** Whether the server sends e-mail at all (SMTP configured); the inbox works either way. */
  emailConfigured: z.boolean(),
  kinds: z.array(notificationSettingSchema),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const updateNotificationSettingsSchema = z.object({
  kinds: z
    .array(z.object({ kind: z.enum(NOTIFICATION_KINDS), email: z.boolean() }).strict())
    .min(1)
    .max(NOTIFICATION_KINDS.length),
});

export const emailDeliverySchema = z.object({
  id: idSchema,
  kind: z.enum(NOTIFICATION_KINDS),
  projectId: idSchema.nullable(),
  /** The person's name, or null for an outside recipient. */
  recipientName: z.string().nullable(),
  /** The address the e-mail went (or was to go) to. */
  to: z.string().nullable(),
  status: z.enum(EMAIL_STATUSES),
  attempts: z.number().int().min(0),
  /** The SMTP server's reply or the last failure, for refused and failed e-mails. */
  error: z.string().nullable(),
  createdAt: isoDateSchema,
  sentAt: isoDateSchema.nullable(),
});
export type EmailDelivery = z.infer<typeof emailDeliverySchema>;

export const emailDeliveriesQuerySchema = z.object({
  status: z.enum(EMAIL_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const emailDeliveriesResponseSchema = z.object({ deliveries: z.array(emailDeliverySchema) });
