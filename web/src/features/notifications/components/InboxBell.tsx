/** The header's inbox link: a bell with the number of unread notifications and waiting items. */
import { Anchor, Badge, Group } from '@mantine/core';
import { linkProps } from '../../../lib/navigation';
import { paths } from '../../../lib/paths';
import { useInboxCount } from '../api';

export function InboxBell() {
  const count = useInboxCount();
  const unread = count.data?.unread ?? 0;
  const waiting = count.data?.waiting ?? 0;
  const label = `Inbox: ${unread} unread, ${waiting} waiting for you`;
  return (
    <Anchor {...linkProps(paths.inbox())} aria-label={label} title={label} c="dark.6" size="sm" data-testid="inbox-bell">
      <Group gap={4} wrap="nowrap">
        <span aria-hidden="true">🔔</span>
        {unread + waiting > 0 && (
          <Badge size="sm" color={unread > 0 ? 'red' : 'gray'} variant="filled">
            {unread + waiting}
          </Badge>
        )}
      </Group>
    </Anchor>
  );
}
