/** The inbox, its counts and the e-mail settings (GET/POST/PUT /api/v1/me/notifications…, docs/notifications.md). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Inbox, MarkReadResponse, NotificationSettings, UnreadCount } from '../../../../common/contracts/notifications.contract';
import type { NotificationKind } from '../../../../common/vocab/notifications';
import { api } from '../../lib/api';

export const inboxKey = ['me', 'notifications'] as const;
const countKey = ['me', 'notifications', 'count'] as const;
const settingsKey = ['me', 'notification-settings'] as const;

/** The inbox: waiting items, events and the unread count; refreshed every minute. */
export function useInbox() {
  return useQuery({ queryKey: inboxKey, queryFn: () => api<Inbox>('/me/notifications'), refetchInterval: 60_000 });
}

/** The bell's counts; refreshed every minute. */
export function useInboxCount() {
  return useQuery({ queryKey: countKey, queryFn: () => api<UnreadCount>('/me/notifications/count'), refetchInterval: 60_000 });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string | 'all') => api<MarkReadResponse>(id === 'all' ? '/me/notifications/read-all' : `/me/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: inboxKey }),
  });
}

export function useNotificationSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => api<NotificationSettings>('/me/notification-settings') });
}

export function useSaveNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (kinds: { kind: NotificationKind; email: boolean }[]) => api<NotificationSettings>('/me/notification-settings', { method: 'PUT', body: { kinds } }),
    onSuccess: (settings) => client.setQueryData(settingsKey, settings),
  });
}
