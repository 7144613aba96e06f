/** The inbox's events: newest first, unread ones marked, each linking to its subject and markable as read. */
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { NOTIFICATION_KIND_LABELS } from '../../../../../common/vocab/notifications';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { formatDateTime } from '../../../lib/format';
import { linkProps } from '../../../lib/navigation';
import { paths } from '../../../lib/paths';
import { useInbox, useMarkRead } from '../api';

export function NotificationList() {
  const inbox = useInbox();
  const markRead = useMarkRead();
  return (
    <Section
      title="Notifications"
      actions={
        <>
          <Anchor size="sm" {...linkProps(paths.notificationSettings())}>
            E-mail settings
          </Anchor>
          <Button size="xs" variant="default" onClick={() => markRead.mutate('all')} disabled={markRead.isPending || (inbox.data?.unread ?? 0) === 0}>
            Mark all read
          </Button>
        </>
      }
    >
      <QueryState query={inbox}>
        {({ events, unread }) =>
          events.length === 0 ? (
            <Text size="sm" c="dimmed">
              No notifications yet.
            </Text>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={`Notifications, ${unread} unread`}>
              {events.map((event) => (
                <Group key={event.id} component="li" gap="sm" wrap="nowrap" justify="space-between" data-unread={event.readAt === null}>
                  <Group gap="sm" wrap="nowrap">
                    <Badge variant={event.readAt === null ? 'filled' : 'light'} color={event.readAt === null ? 'indigo' : 'gray'} w={24} p={0} aria-label={event.readAt === null ? 'Unread' : 'Read'}>
                      {event.readAt === null ? '•' : ''}
                    </Badge>
                    <Stack gap={0}>
                      <Anchor fw={event.readAt === null ? 600 : 400} {...linkProps(event.path)} onClick={() => event.readAt === null && markRead.mutate(event.id)}>
                        {event.title}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {NOTIFICATION_KIND_LABELS[event.kind]} · {formatDateTime(event.createdAt)}
                      </Text>
                    </Stack>
                  </Group>
                  {event.readAt === null && (
                    <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate(event.id)} disabled={markRead.isPending}>
                      Mark read
                    </Button>
                  )}
                </Group>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Section>
  );
}
