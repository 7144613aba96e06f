import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import type { WaitingItem, WaitingKind } from '../../../../../common/contracts/waiting.contract';
import { linkProps } from '../../../lib/navigation';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { formatDateTime } from '../../../lib/format';
import { useWaitingForMe } from '../api';
import { paths } from '../../../lib/paths';

const KIND_LABELS = {
  classify: 'Classification',
  confirm_opinion: 'Confirm opinion',
  review: 'Review',
  sign_off: 'Sign-off',
  returned: 'Returned to you',
} as const satisfies Record<WaitingKind, string>;

const KIND_COLORS = { classify: 'grape', confirm_opinion: 'grape', review: 'blue', sign_off: 'teal', returned: 'orange' } as const satisfies Record<WaitingKind, string>;

function targetOf(item: WaitingItem): string {
  return item.packageId ? paths.package(item.packageId) : paths.workPackage(item.workPackageId);
}

/** The home page's "Waiting for you" list: every classification, review, sign-off and returned package that needs the signed-in person. */
export function WaitingForMe() {
  const waiting = useWaitingForMe();
  return (
    <Section title="Waiting for you">
      <QueryState query={waiting}>
        {({ items }) =>
          items.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing is waiting for you.
            </Text>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Waiting for you">
              {items.map((item) => (
                <Group key={`${item.kind}-${item.workPackageId}`} component="li" gap="sm" wrap="nowrap">
                  <Badge color={KIND_COLORS[item.kind]} variant="light" w={130}>
                    {KIND_LABELS[item.kind]}
                  </Badge>
                  <Stack gap={0}>
                    <Anchor fw={500} {...linkProps(targetOf(item))}>
                      {item.action}: {item.workPackageName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {item.projectName}
                      {item.since ? ` · since ${formatDateTime(item.since)}` : ''}
                    </Text>
                  </Stack>
                </Group>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Section>
  );
}
