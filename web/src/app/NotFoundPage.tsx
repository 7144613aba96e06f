import { Anchor, Stack, Text, Title } from '@mantine/core';
import { linkProps } from '../lib/navigation';
import { paths } from '../lib/paths';

export function NotFoundPage() {
  return (
    <Stack gap="sm" py="xl">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text c="dimmed">There is nothing at this address.</Text>
      <Anchor {...linkProps(paths.home())}>Go to your projects</Anchor>
    </Stack>
  );
}
